# tests/mpi/lib.sh: what the MPI tests share (sourced). mpi_run runs mpirun as these tests
# need it on one machine, in a container, as root: more processes than cores
# (--oversubscribe), root allowed, and shared memory without the kernel's cross-memory
# attach (which containers often forbid); ATTNLAB_MPIRUN_FLAGS replaces those flags. Every
# run has an overall timeout (MPI_TIMEOUT seconds, 300 by default), generous for a loaded
# machine: a test fails rather than hang.
: "${ATTNLAB:?set ATTNLAB to the attnlab binary}"
: "${MPIRUN:=$(command -v mpirun || true)}"
if [ -z "$MPIRUN" ] || [ ! -x "$MPIRUN" ]; then
    echo "SKIP: no mpirun (apt-get install openmpi-bin)"
    exit 77
fi
MPI_FLAGS=${ATTNLAB_MPIRUN_FLAGS:---allow-run-as-root --oversubscribe --mca btl_vader_single_copy_mechanism none}
MPI_TIMEOUT=${MPI_TIMEOUT:-300}
# each process trains with one thread, whatever the machine's cores
ATTNLAB_THREADS=1
OPENBLAS_NUM_THREADS=1
export ATTNLAB_THREADS OPENBLAS_NUM_THREADS
top=$(cd "${top_srcdir:-.}" && pwd)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"

mpi_run() {
    # shellcheck disable=SC2086
    timeout "$MPI_TIMEOUT" "$MPIRUN" $MPI_FLAGS "$@"
}

# The output of a run without what differs between runs and between one process and
# several: times, speeds and the settings that name threads or processes.
normalise() {
    sed -E -e 's/, [0-9.]+s, [0-9]+ tokens\/s( over [0-9]+ processes)?$/, #s, # tokens\/s/' \
        -e 's/; [0-9]+ threads?( in each of [0-9]+ processes \(MPI\))?$/; # threads/' \
        -e '/^[^ ]+: step [0-9]+ \([0-9]+\/[0-9]+\)/d' "$@"
}
