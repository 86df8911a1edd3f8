/* install-hook: finds the repository's hooks directory by walking up from the working directory
 * (a `.git` directory, or a `.git` file pointing at the real git dir, as in worktrees and
 * submodules, whose `commondir` holds the shared hooks), writes a pre-commit hook running
 * `schemaguard check --staged`, and moves any foreign hook to a backup it chains to. */
#include "hook.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"

#define MARK "# schemaguard-hook v1"
#define BACKUP "pre-commit.schemaguard-backup"

static char *slurp(sg_arena *a, const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = sg_arena_alloc(a, cap);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (n + 1 == cap) {
            buf = sg_arena_grow(a, buf, n, cap * 2);
            cap *= 2;
        }
    }
    fclose(f);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

static char *trim_line(char *s)
{
    size_t n = strcspn(s, "\r\n");
    s[n] = '\0';
    return s;
}

static char *join(sg_arena *a, const char *dir, const char *rel)
{
    return rel[0] == '/' ? sg_arena_strdup(a, rel) : sg_arena_printf(a, "%s/%s", dir, rel);
}

/* The hooks directory of the repository holding dir, or NULL; *config receives the path of
 * the repository's config file. */
static char *hooks_dir(sg_arena *a, const char *start, char **config)
{
    char *dir = sg_arena_strdup(a, start);
    for (;;) {
        char *dotgit = sg_arena_printf(a, "%s/.git", dir);
        struct stat st;
        if (stat(dotgit, &st) == 0) {
            char *gitdir = NULL;
            if (S_ISDIR(st.st_mode)) {
                gitdir = dotgit;
            } else if (S_ISREG(st.st_mode)) {
                char *text = slurp(a, dotgit, NULL);
                if (text && strncmp(text, "gitdir:", 7) == 0) {
                    char *p = trim_line(text + 7);
                    while (*p == ' ')
                        p++;
                    gitdir = join(a, dir, p);
                }
            }
            if (gitdir) {
                /* Worktrees share the main repository's hooks through commondir. */
                char *common = slurp(a, sg_arena_printf(a, "%s/commondir", gitdir), NULL);
                if (common && *trim_line(common))
                    gitdir = join(a, gitdir, common);
                *config = sg_arena_printf(a, "%s/config", gitdir);
                return sg_arena_printf(a, "%s/hooks", gitdir);
            }
        }
        char *slash = strrchr(dir, '/');
        if (!slash || slash == dir)
            return NULL;
        *slash = '\0';
    }
}

/* The binary to name in the hook: the absolute path of this one when it can be found, so the
 * hook works without PATH; the hook falls back to `schemaguard` on PATH if it moves. */
static const char *self_path(sg_arena *a, const char *self)
{
    char buf[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n > 0) {
        buf[n] = '\0';
        return sg_arena_strdup(a, buf);
    }
    if (strchr(self, '/') && realpath(self, buf))
        return sg_arena_strdup(a, buf);
    return "schemaguard";
}

/* Single quotes for sh: ' becomes '\''. */
static const char *sh_quote(sg_arena *a, const char *s)
{
    size_t n = strlen(s), k = 0;
    char *out = sg_arena_alloc(a, 4 * n + 3);
    out[k++] = '\'';
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\'') {
            memcpy(out + k, "'\\''", 4);
            k += 4;
        } else {
            out[k++] = s[i];
        }
    }
    out[k++] = '\'';
    out[k] = '\0';
    return out;
}

static char *hook_text(sg_arena *a, const char *bin)
{
    return sg_arena_printf(
        a,
        "#!/bin/sh\n" MARK "\n"
        "# Installed by `schemaguard install-hook`. Lints the staged versions of the changed\n"
        "# migrations and schema files against HEAD and refuses the commit when a finding at\n"
        "# --fail-on level (error by default) remains. Skip once: git commit --no-verify.\n"
        "hooks=$(dirname \"$0\")\n"
        "if [ -x \"$hooks/" BACKUP "\" ]; then\n"
        "  \"$hooks/" BACKUP "\" \"$@\" || exit $?\n"
        "fi\n"
        "bin=%s\n"
        "if [ ! -x \"$bin\" ]; then bin=schemaguard; fi\n"
        "exec \"$bin\" check --staged\n",
        sh_quote(a, bin));
}

static int write_hook(const char *path, const char *text)
{
    char tmp[PATH_MAX];
    snprintf(tmp, sizeof tmp, "%s.schemaguard-tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f)
        return -1;
    bool ok = fputs(text, f) >= 0;
    ok = fclose(f) == 0 && ok;
    if (!ok || chmod(tmp, 0755) != 0 || rename(tmp, path) != 0) {
        unlink(tmp);
        return -1;
    }
    return 0;
}

/* git ignores .git/hooks when core.hooksPath is set (husky and similar set-ups). */
static void warn_hooks_path(sg_arena *a, const char *config, const char *hook)
{
    char *cfg = config ? slurp(a, config, NULL) : NULL;
    if (cfg && strcasestr(cfg, "hookspath"))
        fprintf(stderr, "schemaguard: warning: %s sets core.hooksPath, so git runs the hooks "
                        "there and not %s; add `schemaguard check --staged` to that pre-commit "
                        "hook instead\n", config, hook);
}

int sg_hook_install(const char *self)
{
    sg_arena *a = sg_arena_new();
    int status = 2;
    char cwd[PATH_MAX];
    char *config = NULL;
    char *hooks = getcwd(cwd, sizeof cwd) ? hooks_dir(a, cwd, &config) : NULL;
    if (!hooks) {
        fprintf(stderr, "schemaguard: install-hook: not inside a git repository (no .git in %s "
                        "or any parent directory)\n", cwd);
        goto done;
    }
    if (mkdir(hooks, 0755) != 0 && errno != EEXIST) {
        fprintf(stderr, "schemaguard: install-hook: cannot create %s: %s\n", hooks,
                strerror(errno));
        goto done;
    }
    char *hook = sg_arena_printf(a, "%s/pre-commit", hooks);
    char *backup = sg_arena_printf(a, "%s/" BACKUP, hooks);
    char *want = hook_text(a, self_path(a, self));
    size_t have_len = 0;
    char *have = slurp(a, hook, &have_len);
    if (have && strcmp(have, want) == 0) {
        printf("schemaguard: the pre-commit hook is already installed: %s\n", hook);
        warn_hooks_path(a, config, hook);
        status = 0;
        goto done;
    }
    if (have && !strstr(have, MARK)) {
        /* A foreign hook: keep it, and never overwrite an earlier backup silently. */
        struct stat st;
        if (lstat(backup, &st) == 0) {
            fprintf(stderr,
                    "schemaguard: install-hook: %s is another program's hook, and a backup "
                    "already exists at %s; not overwriting it. Merge or remove one of them and "
                    "run install-hook again.\n", hook, backup);
            goto done;
        }
        if (rename(hook, backup) != 0) {
            fprintf(stderr, "schemaguard: install-hook: cannot move %s to %s: %s\n", hook,
                    backup, strerror(errno));
            goto done;
        }
        printf("schemaguard: moved the existing pre-commit hook to %s (it still runs first)\n",
               backup);
    }
    if (write_hook(hook, want) != 0) {
        fprintf(stderr, "schemaguard: install-hook: cannot write %s: %s\n", hook,
                strerror(errno));
        goto done;
    }
    printf("schemaguard: %s the pre-commit hook: %s (runs `schemaguard check --staged`)\n",
           have && strstr(have, MARK) ? "updated" : "installed", hook);
    warn_hooks_path(a, config, hook);
    status = 0;
done:
    sg_arena_free(a);
    return status;
}
