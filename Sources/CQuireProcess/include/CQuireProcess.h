// SPDX-License-Identifier: Apache-2.0
//
// The few process calls Quire needs that Swift's Glibc module does not expose (they are GNU
// extensions, hidden without _GNU_SOURCE): posix_spawn with a new session, a working directory
// and every inherited descriptor above 2 closed; a close-on-exec pipe; decoding a wait status.

#ifndef CQUIREPROCESS_H
#define CQUIREPROCESS_H

#include <sys/types.h>

/// Starts `path` with `argv` and `envp` (NULL-terminated) in a new session (its own process
/// group, PGID == PID), in `cwd` when not NULL, with standard input from `stdin_fd` and standard
/// output and error both to `output_fd`. Every other descriptor is closed in the child, the
/// signal mask is empty and every catchable signal has its default action.
/// Returns 0 and sets `*pid`, or an errno value (ENOENT, EACCES, ...) when the start failed.
int quire_spawn(const char *path, char *const argv[], char *const envp[], const char *cwd,
                int stdin_fd, int output_fd, pid_t *pid);

/// pipe(2) with both ends close-on-exec. Returns 0, or -1 with errno set.
int quire_pipe_cloexec(int fds[2]);

/// Decodes a waitpid(2) status: returns 0 and the exit code in `*value` for a normal exit, 1 and
/// the signal number for a death by signal, -1 for anything else (stopped, continued).
int quire_decode_wait_status(int status, int *value);

#endif
