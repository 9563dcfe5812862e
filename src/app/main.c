/* main.c: entry point of the thidua binary. Holds the top-level command table; every command
 * lives in the file of the resource it belongs to. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "cli.h"

extern const struct cli_cmd db_cmds[], store_cmds[], server_cmds[], holiday_cmds[];
int unit_cmd(int argc, char **argv);    /* unit.c */
int block_cmd(int argc, char **argv);   /* block.c */
int proposal_cmd(int argc, char **argv);   /* award/proposal_cmd.c */
int council_cmd(int argc, char **argv);    /* award/council_cmd.c */
int decision_cmd(int argc, char **argv);   /* award/decision_cmd.c */
int certificate_cmd(int argc, char **argv);   /* award/decision_cmd.c */
int user_cmd(int argc, char **argv);   /* user.c */
extern const struct cli_cmd routes_cmds[];   /* routes_cmd.c */
int audit_cmd(int argc, char **argv);     /* audit_cmd.c */
int privacy_cmd(int argc, char **argv);   /* privacy_cmd.c */
int setting_cmd(int argc, char **argv);   /* setting_cmd.c */
int fund_cmd(int argc, char **argv), donor_cmd(int argc, char **argv), donation_cmd(int argc, char **argv); /* fund_cmd.c */
int register_cmd(int argc, char **argv);  /* numbering_cmd.c */
int job_cmd(int argc, char **argv);       /* job_cmd.c */
int award_rule_cmd(int argc, char **argv);      /* award/award_rules_cmd.c */
int award_subject_cmd(int argc, char **argv);   /* award/award_subject_cmd.c */
int campaign_cmd(int argc, char **argv);  /* campaign_cmd.c */
int report_cmd(int argc, char **argv);    /* campaign_cmd.c */

/* Top-level commands that are groups of their own (thidua text …) are listed here; single
 * commands come from the resource files' tables. */
static const struct cli_cmd groups[] = {
    {"text", text_cmd, "SUBCOMMAND [ARG…]", "Vietnamese text tools (fold, sortkey, amount, date, lunar …)"},
    {"user", user_cmd, "add|list|passwd|disable|enable|token|totp-off|roles …", "users, passwords, API tokens, roles"},
    /* audit */
    {"audit", audit_cmd, "head|verify|list …", "the hash-chained audit log: anchor, verify, list"},
    {"privacy", privacy_cmd, "erase|purge|mask …", "personal data: erase a person, retention purge, masking"},
    {"unit", unit_cmd, "add|list|show|import|export|reorganise …", "the unit tree (units, succession, CSV import/export)"},
    {"setting", setting_cmd, "list|get|set …", "settings: limits, quotas, lifetimes (audited)"},
    {"job", job_cmd, "list|show|cancel|purge …", "background jobs: state, progress, result, cancel"},
    {"block", block_cmd, "add|list|show|member|leader …", "emulation blocks and clusters"},
    {"proposal", proposal_cmd, "list|show|add|take|move …", "award proposals and their workflow"},
    {"council", council_cmd, "member|meeting|item|close|show …", "the council, its meetings and secret ballots"},
    {"decision", decision_cmd, "list|show|pdf|recipients|sign|revoke …", "commendation decisions"},
    {"certificate", certificate_cmd, "pdf …", "Bằng khen, Giấy khen of a signed decision"},
    {"fund", fund_cmd, "add|list|show|tiers|tier-add|account-add|publish|disburse|propose|qr …", "fundraising: funds, tiers, money out"},
    {"donor", donor_cmd, "add|merge …", "donors of the funds"},
    {"donation", donation_cmd, "import|search|add|reverse …", "donations: bank-statement import, search"},
    {"register", register_cmd, "list|show|void …", "numbering registers: numbers, their documents, voids"},
    {"award-rule", award_rule_cmd, "list|add|money|in-force …", "commendation rule base: forms, money, ballot, limits (effective-dated)"},
    {"award-subject", award_subject_cmd, "list|show|add|history-add|import|eligibility|qualified|stats …",
     "commendation subjects, award history, eligibility, statistics 0603.N"},
    {"campaign", campaign_cmd, "list|show|export|status …", "emulation campaigns: groups, targets and their statuses"},
    {"report", report_cmd, "add|list|accept|return|change …", "progress reports on campaign targets"},
    {0},
};

int main(int argc, char **argv)
{
    app_start();
    if (argc > 1 && (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0)) {
        puts("thidua 0.1");
        return 0;
    }
    const struct cli_cmd *tables[] = {groups, db_cmds, store_cmds, server_cmds, holiday_cmds,
                                      routes_cmds};
    for (size_t i = 0; argc > 1 && i < sizeof tables / sizeof tables[0]; i++) {
        const struct cli_cmd *c = cli_find(tables[i], argv[1]);
        if (c) return c->run(argc - 1, argv + 1);
    }
    if (argc > 1 && strcmp(argv[1], "help") != 0 && strcmp(argv[1], "--help") != 0)
        fprintf(stderr, "thidua: unknown command '%s'\n", argv[1]);
    fprintf(stderr, "usage: thidua COMMAND [OPTIONS]\ncommands:\n");
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) cli_usage("", tables[i]);
    return 2;
}
