// SPDX-License-Identifier: Apache-2.0

#define _GNU_SOURCE
#include "CQuireProcess.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stddef.h>
#include <sys/wait.h>
#include <unistd.h>

int quire_spawn(const char *path, char *const argv[], char *const envp[], const char *cwd,
                int stdin_fd, int output_fd, pid_t *pid) {
    posix_spawnattr_t attributes;
    posix_spawn_file_actions_t actions;
    int result = posix_spawnattr_init(&attributes);
    if (result != 0) return result;
    result = posix_spawn_file_actions_init(&actions);
    if (result != 0) {
        posix_spawnattr_destroy(&attributes);
        return result;
    }

    sigset_t empty, all;
    sigemptyset(&empty);
    sigfillset(&all);
    short flags = POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
#ifdef __APPLE__
    flags |= POSIX_SPAWN_CLOEXEC_DEFAULT;
#endif
    if (result == 0) result = posix_spawnattr_setflags(&attributes, flags);
    if (result == 0) result = posix_spawnattr_setsigmask(&attributes, &empty);
    // SIGKILL and SIGSTOP cannot be reset; glibc and Darwin skip them.
    if (result == 0) result = posix_spawnattr_setsigdefault(&attributes, &all);

    if (result == 0) result = posix_spawn_file_actions_adddup2(&actions, stdin_fd, STDIN_FILENO);
    if (result == 0) result = posix_spawn_file_actions_adddup2(&actions, output_fd, STDOUT_FILENO);
    if (result == 0) result = posix_spawn_file_actions_adddup2(&actions, output_fd, STDERR_FILENO);
#ifdef __APPLE__
    // CLOEXEC_DEFAULT closes everything not named by a file action; keep 0-2 open.
    if (result == 0) result = posix_spawn_file_actions_addinherit_np(&actions, STDIN_FILENO);
    if (result == 0) result = posix_spawn_file_actions_addinherit_np(&actions, STDOUT_FILENO);
    if (result == 0) result = posix_spawn_file_actions_addinherit_np(&actions, STDERR_FILENO);
#else
    if (result == 0) result = posix_spawn_file_actions_addclosefrom_np(&actions, 3);
#endif
    if (result == 0 && cwd != NULL) result = posix_spawn_file_actions_addchdir_np(&actions, cwd);

    if (result == 0) result = posix_spawn(pid, path, &actions, &attributes, argv, envp);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    return result;
}

int quire_pipe_cloexec(int fds[2]) {
#ifdef __APPLE__
    if (pipe(fds) != 0) return -1;
    for (int i = 0; i < 2; i++) {
        if (fcntl(fds[i], F_SETFD, FD_CLOEXEC) != 0) {
            int saved = errno;
            close(fds[0]);
            close(fds[1]);
            errno = saved;
            return -1;
        }
    }
    return 0;
#else
    return pipe2(fds, O_CLOEXEC);
#endif
}

int quire_decode_wait_status(int status, int *value) {
    if (WIFEXITED(status)) {
        *value = WEXITSTATUS(status);
        return 0;
    }
    if (WIFSIGNALED(status)) {
        *value = WTERMSIG(status);
        return 1;
    }
    *value = 0;
    return -1;
}
