#!/usr/bin/perl
# tests/tmux/keylat.pl SOCKET TARGET PREFIX WORD...: for each WORD, types it into the pane and
# prints the milliseconds until the pane shows PREFIX followed by WORD; then erases it (C-u)
# and waits until it is gone. It talks to the tmux server through one control-mode client
# (tmux -C), so nothing is started per poll: on a loaded machine the figure is the
# notebook's answer, not the cost of starting tmux clients (tens of ms each). Polls every
# 5 ms; gives up (exit 1) after 10 s.
use strict;
use warnings;
use IPC::Open2;
use Time::HiRes qw(time sleep);

my ($sock, $target, $prefix, @words) = @ARGV;
die "usage: keylat.pl SOCKET TARGET PREFIX WORD...\n" unless defined $prefix && @words;
my $pid = open2(my $from, my $to, 'tmux', '-L', $sock, '-f', '/dev/null', '-C', 'attach', '-t',
    $target);
$to->autoflush(1);

# Runs a command and returns its output lines. Replies to this client's own commands are
# the %begin/%end blocks whose flags are 1 (the attach's own block has 0); notifications
# (%session-changed, ...) come between blocks and are skipped.
sub command {
    my ($cmd) = @_;
    print $to "$cmd\n";
    my ($mine, @lines) = (0);
    while (my $line = <$from>) {
        chomp $line;
        if ($line =~ /^%begin \d+ \d+ (\d+)/) {
            ($mine, @lines) = ($1 & 1);
            next;
        }
        if ($line =~ /^%(end|error) \d+ \d+ (\d+)/) {
            die "tmux: $cmd: @lines\n" if $mine && $1 eq 'error';
            return @lines if $mine;
            next;
        }
        push @lines, $line if $mine;
    }
    die "tmux: the control client ended\n";
}

sub shown {
    my ($text) = @_;
    return grep { index($_, $text) >= 0 } command("capture-pane -p -t $target");
}

# Commands sent before the attach is done find no client: wait for the client's session.
while (my $line = <$from>) {
    last if $line =~ /^%session-changed /;
}
command('refresh-client -f no-output'); # no %output lines: the screen is read on demand
my @ms;
for my $word (@words) {
    my $t0 = time;
    command("send-keys -t $target -l $word");
    until (shown("$prefix$word")) {
        die "keylat: '$prefix$word' never showed\n" if time - $t0 > 10;
        sleep 0.005;
    }
    push @ms, int((time - $t0) * 1000 + 0.5);
    command("send-keys -t $target C-u");
    my $t1 = time;
    while (shown("$prefix$word")) {
        die "keylat: '$prefix$word' stayed on the screen\n" if time - $t1 > 10;
        sleep 0.005;
    }
}
close $to;
waitpid $pid, 0;
print join(' ', @ms), "\n";
