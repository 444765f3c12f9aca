#!/bin/sh
# tests/all_listed.sh: fails when a test file in the tree is not in make check's TESTS:
# every tests/scripts/**/*.lab except those in a parts/ folder (pieces that other scripts
# run) and every tests/tmux/*.sh except lib.sh. Without it, a script whose name is missing
# from its fragment's list would silently never run. make check sets abs_top_builddir and
# MAKE; the list comes from a fresh make (without the caller's MAKEFLAGS, which carry a
# TESTS=... given on the command line).
: "${abs_top_builddir:?abs_top_builddir must name the build folder (make check sets it)}"
top=${top_srcdir:-.}
ALL_TESTS=$(cd "$abs_top_builddir" && MAKEFLAGS= MFLAGS= MAKELEVEL= ${MAKE:-make} -s print-all-tests) ||
    { echo "FAIL: cannot ask make for its TESTS" >&2; exit 99; }
missing=0
found=0
for f in $(cd "$top" && find tests/scripts -name '*.lab' ! -path '*/parts/*'; ls tests/tmux/*.sh); do
    case "$f" in tests/tmux/lib.sh) continue ;; esac
    found=$((found + 1))
    case " $ALL_TESTS " in
    *" $f "*) ;;
    *) echo "FAIL: $f is not listed in TESTS (add it to its tests fragment, src/*/local.mk)" >&2
       missing=$((missing + 1)) ;;
    esac
done
[ "$found" -gt 0 ] || { echo "FAIL: no test file found under $top/tests" >&2; exit 1; }
echo "$found test files, $missing not listed"
[ "$missing" -eq 0 ]
