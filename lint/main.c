/* The command line: argv -> sg_opts -> a run -> a report, and the exit status (0 clean, 1
 * findings at or above --fail-on, 2 usage, I/O or configuration error). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "error.h"
#include "hook.h"
#include "lsp.h"
#include "report.h"
#include "run.h"
#include "tscache.h"

static const char USAGE[] =
    "usage: schemaguard <command> [options]\n"
    "\n"
    "Offline schema-diff and migration linter: finds the changes that lose data or break a\n"
    "deploy in SQL migrations, Prisma and Drizzle schemas, ORM code and scripts.\n"
    "\n"
    "commands:\n"
    "  check [PATH...]      lint files and directories (default: .)\n"
    "  diff OLD NEW         diff two versions of a schema (SQL files or migration directories)\n"
    "  rules                list the rules with id, default level and summary\n"
    "  explain RULE         print a rule's documentation\n"
    "  lsp                  language server (LSP 3.17) on standard input and output\n"
    "  install-hook         install a git pre-commit hook running 'check --staged'\n"
    "\n"
    "options:\n"
    "  --base REV           compare with git revision REV (HEAD~1, origin/main, a sha):\n"
    "                       only migrations added or changed since REV are linted, schema\n"
    "                       files are diffed against their version at REV\n"
    "  --staged             compare the staged files (the git index) with HEAD\n"
    "                       (without either, tracked schema files are compared with HEAD)\n"
    "  --format FORMAT      text (default), json, sarif, github, gitlab\n"
    "  --output FILE        write the report to FILE instead of standard output\n"
    "  --fail-on LEVEL      exit 1 when a finding at or above LEVEL remains:\n"
    "                       error (default), warning, note, never\n"
    "  --rule ID=LEVEL      set a rule's level: off, note, warning, error (repeatable)\n"
    "  --config FILE        read FILE instead of the nearest .schemaguard.yml\n"
    "  --show-suppressed    also list suppressed findings in text output\n"
    "  --jobs N             parse with N threads (default: one per core)\n"
    "  --version            print the version\n"
    "  -h, --help           print this help\n"
    "\n"
    "exit status: 0 no finding at or above --fail-on; 1 findings; 2 usage, I/O or\n"
    "configuration error.\n"
    "Suppress a finding with a comment on its line or the line above:\n"
    "  -- schemaguard-ignore drop-column: reason       (SQL)\n"
    "Docs: " SG_INFO_URI "\n";

static int usage_error(const char *fmt, const char *arg)
{
    fputs("schemaguard: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'schemaguard --help'.\n", stderr);
    return 2;
}

static int cmd_rules(sg_format fmt)
{
    if (fmt == SG_FORMAT_JSON) {
        printf("[\n");
        for (size_t i = 0; i < sg_rules_count; i++) {
            const sg_rule *r = sg_rules[i];
            printf("  {\"id\": \"%s\", \"level\": \"%s\", \"summary\": \"%s\"}%s\n", r->id,
                   sg_level_name(r->level), r->summary, i + 1 < sg_rules_count ? "," : "");
        }
        printf("]\n");
        return 0;
    }
    for (size_t i = 0; i < sg_rules_count; i++) {
        const sg_rule *r = sg_rules[i];
        printf("%-32s %-8s %s\n", r->id, sg_level_name(r->level), r->summary);
    }
    return 0;
}

static int cmd_explain(const char *id)
{
    const sg_rule *r = sg_rule_find(id);
    if (!r)
        return usage_error("unknown rule '%s' (see 'schemaguard rules')", id);
    const char *doc = sg_rule_doc(id);
    if (doc)
        fputs(doc, stdout);
    else
        printf("# %s\n\n%s\n\nhelp: %s\n", r->id, r->summary, r->help);
    return 0;
}

static int parse_format(const char *s, sg_format *out)
{
    static const struct {
        const char *name;
        sg_format f;
    } formats[] = {{"text", SG_FORMAT_TEXT},
                   {"json", SG_FORMAT_JSON},
                   {"sarif", SG_FORMAT_SARIF},
                   {"github", SG_FORMAT_GITHUB},
                   {"gitlab", SG_FORMAT_GITLAB}};
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
        if (strcmp(s, formats[i].name) == 0) {
            *out = formats[i].f;
            return 0;
        }
    return -1;
}

/* --opt=value and --opt value both work. */
static const char *opt_value(int argc, char **argv, int *i, const char *name)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) == 0 && argv[*i][n] == '=')
        return argv[*i] + n + 1;
    if (strcmp(argv[*i], name) == 0) {
        if (*i + 1 >= argc)
            return NULL;
        return argv[++*i];
    }
    return NULL;
}

static bool is_opt(const char *arg, const char *name)
{
    size_t n = strlen(name);
    return strncmp(arg, name, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(USAGE, stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(USAGE, stdout);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        printf("schemaguard %s\n", SG_VERSION);
        return 0;
    }
    static const char *const commands[] = {"check", "diff", "rules", "explain", "lsp",
                                           "install-hook"};
    bool known = false;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        known = known || strcmp(cmd, commands[i]) == 0;
    if (!known)
        return usage_error("unknown command '%s'", cmd);

    sg_arena *a = sg_arena_new();
    sg_opts o = {.fail_on = SG_LEVEL_ERROR};
    SG_VEC(const char *) args = {0};
    SG_VEC(sg_level_override) rules = {0};
    bool only_args = false;
    int status = 2;
    for (int i = 2; i < argc; i++) {
        const char *arg = argv[i];
        const char *v;
        if (only_args || arg[0] != '-' || strcmp(arg, "-") == 0) {
            sg_vec_push(a, &args, arg);
        } else if (strcmp(arg, "--") == 0) {
            only_args = true;
        } else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            fputs(USAGE, stdout);
            status = 0;
            goto done;
        } else if (strcmp(arg, "--version") == 0) {
            printf("schemaguard %s\n", SG_VERSION);
            status = 0;
            goto done;
        } else if (is_opt(arg, "--format")) {
            if (!(v = opt_value(argc, argv, &i, "--format"))) {
                status = usage_error("%s needs a value", "--format");
                goto done;
            }
            if (parse_format(v, &o.format) < 0) {
                status = usage_error("unknown format '%s' (text, json, sarif, github, gitlab)", v);
                goto done;
            }
        } else if (is_opt(arg, "--output") || strcmp(arg, "-o") == 0) {
            if (strcmp(arg, "-o") == 0)
                argv[i] = "--output";
            if (!(v = opt_value(argc, argv, &i, "--output"))) {
                status = usage_error("%s needs a file name", "--output");
                goto done;
            }
            o.output = v;
        } else if (is_opt(arg, "--fail-on")) {
            if (!(v = opt_value(argc, argv, &i, "--fail-on"))) {
                status = usage_error("%s needs a level", "--fail-on");
                goto done;
            }
            int lv = strcmp(v, "never") == 0 ? SG_LEVEL_OFF : sg_level_parse(v);
            if (lv < 0 || (lv == SG_LEVEL_OFF && strcmp(v, "never") != 0)) {
                status = usage_error("unknown --fail-on level '%s' (error, warning, note, never)", v);
                goto done;
            }
            o.fail_on = lv;
        } else if (is_opt(arg, "--rule")) {
            if (!(v = opt_value(argc, argv, &i, "--rule"))) {
                status = usage_error("%s needs ID=LEVEL", "--rule");
                goto done;
            }
            const char *eq = strchr(v, '=');
            if (!eq) {
                status = usage_error("--rule expects ID=LEVEL, got '%s'", v);
                goto done;
            }
            char *id = sg_arena_strndup(a, v, (size_t)(eq - v));
            int lv = sg_level_parse(eq + 1);
            if (lv < 0) {
                status = usage_error("unknown level '%s' (off, note, warning, error)", eq + 1);
                goto done;
            }
            sg_level_override ov = {id, (sg_level)lv};
            sg_vec_push(a, &rules, ov);
        } else if (strcmp(arg, "--show-suppressed") == 0) {
            o.show_suppressed = true;
        } else if (is_opt(arg, "--jobs") || strcmp(arg, "-j") == 0) {
            if (strcmp(arg, "-j") == 0)
                argv[i] = "--jobs";
            v = opt_value(argc, argv, &i, "--jobs");
            char *end = NULL;
            long n = v ? strtol(v, &end, 10) : 0;
            if (!v || *end || n < 1 || n > 64) {
                status = usage_error("--jobs needs a number from 1 to 64, got '%s'", v ? v : "");
                goto done;
            }
            o.jobs = (int)n;
        } else if (is_opt(arg, "--base")) {
            if (!(v = opt_value(argc, argv, &i, "--base")) || !*v) {
                status = usage_error("%s needs a revision (HEAD~1, origin/main, a sha)", "--base");
                goto done;
            }
            o.base = v;
        } else if (strcmp(arg, "--staged") == 0) {
            o.staged = true;
        } else if (is_opt(arg, "--config")) {
            if (!(v = opt_value(argc, argv, &i, "--config")) || !*v) {
                status = usage_error("%s needs a file name", "--config");
                goto done;
            }
            o.config = v;
        } else {
            status = usage_error("unknown option '%s'", arg);
            goto done;
        }
    }
    o.rules = rules.items;
    o.nrules = rules.len;

    if (strcmp(cmd, "rules") == 0) {
        status = cmd_rules(o.format);
        goto done;
    }
    if (strcmp(cmd, "explain") == 0) {
        if (args.len != 1) {
            status = usage_error("%s", "explain takes one rule id");
            goto done;
        }
        status = cmd_explain(args.items[0]);
        goto done;
    }
    if (strcmp(cmd, "lsp") == 0 || strcmp(cmd, "install-hook") == 0) {
        if (args.len) {
            status = usage_error("%s takes no paths", cmd);
            goto done;
        }
        status = strcmp(cmd, "lsp") == 0 ? sg_lsp_serve(stdin, stdout, &o)
                                         : sg_hook_install(argv[0]);
        goto done;
    }
    if (strcmp(cmd, "diff") == 0 && (o.base || o.staged)) {
        status = usage_error("%s", "diff compares the two paths it is given; --base and --staged "
                                   "apply to check");
        goto done;
    }
    if (strcmp(cmd, "diff") == 0 && args.len != 2) {
        status = usage_error("%s", "diff takes two paths: OLD NEW");
        goto done;
    }

    /* A TypeScript file is read by the code rules and, as a Drizzle schema, by the diff: one
     * tree serves both (a few entries: files are read one after the other). */
    sg_tscache_set_size(4);
    /* .schemaguard.yml (or --config FILE): a mistake in it is exit 2 with its line:column */
    sg_config *cfg = NULL;
    if (sg_config_load(&cfg, a, o.config) < 0) {
        fprintf(stderr, "schemaguard: %s\n", sg_error_last());
        goto done;
    }
    o.cfg = cfg;
    if (cfg && cfg->base && !o.base && !o.staged && strcmp(cmd, "check") == 0)
        o.base = cfg->base;
    /* --rule may name a custom rule of the configuration, so ids are checked only now */
    for (size_t i = 0; i < o.nrules; i++) {
        bool known = sg_rule_find(o.rules[i].id) != NULL;
        for (size_t k = 0; cfg && !known && k < cfg->ncustom; k++)
            known = strcmp(cfg->custom[k]->rule.id, o.rules[i].id) == 0;
        if (!known) {
            status = usage_error("unknown rule '%s' (see 'schemaguard rules')", o.rules[i].id);
            goto done;
        }
    }

    FILE *out = stdout;
    if (o.output && strcmp(o.output, "-") != 0) {
        out = fopen(o.output, "w");
        if (!out) {
            fprintf(stderr, "schemaguard: cannot write '%s'\n", o.output);
            goto done;
        }
    }
    const char *no_color = getenv("NO_COLOR");
    o.color = out == stdout && isatty(fileno(stdout)) && !(no_color && *no_color) &&
              o.format == SG_FORMAT_TEXT;
    o.paths = args.items;
    o.npaths = args.len;

    sg_run *r = sg_run_make(a, &o);
    int rc = strcmp(cmd, "diff") == 0 ? sg_run_diff(r, &o, args.items[0], args.items[1])
                                      : sg_run_check(r, &o);
    if (rc < 0 && rc != SG_EIO) {
        fprintf(stderr, "schemaguard: %s\n", sg_error_last());
        if (out != stdout)
            fclose(out);
        goto done;
    }
    sg_run_finish(r);
    if (sg_report_write(out, r, &o) < 0) {
        fprintf(stderr, "schemaguard: %s\n", sg_error_last());
        if (out != stdout)
            fclose(out);
        goto done;
    }
    if (out != stdout && fclose(out) != 0) {
        fprintf(stderr, "schemaguard: cannot write '%s'\n", o.output);
        goto done;
    }
    /* The text report shows warnings in its summary; other formats have no place for them,
     * and a skipped directory must not go unsaid. */
    for (size_t i = 0; o.format != SG_FORMAT_TEXT && i < r->notices.len; i++)
        if (strncmp(r->notices.items[i], "warning: ", 9) == 0)
            fprintf(stderr, "schemaguard: %s\n", r->notices.items[i]);
    if (rc == SG_EIO) {
        for (size_t i = 0; i < r->notices.len; i++)
            if (strncmp(r->notices.items[i], "error: ", 7) == 0)
                fprintf(stderr, "schemaguard: %s\n", r->notices.items[i] + 7);
        status = 2;
        goto done;
    }
    status = sg_run_exit_status(r, o.fail_on);
done:
    sg_arena_free(a);
    sg_tscache_set_size(0);
    return status;
}
