#pragma once

#include "common/client/GatewayEndpoint.h"
#include "common/restore/CommandRunner.h"
#include "common/restore/FileOperations.h"
#include "common/restore/GatewayProbe.h"
#include "common/restore/RestoreReport.h"
#include "common/util/Clock.h"

#include <QStringList>
#include <QTextStream>

#include <functional>
#include <memory>
#include <optional>

class QCommandLineParser;

namespace aegis {

class RestoreEngine;
struct PreflightResult;

// aegis-restore (RESTORE_AND_DRILL.md, "aegis-restore"): everything but
// main(), so that tests drive it in-process and a test helper can run it
// with file operations that fail or kill the process on demand.
class RestoreCommand
{
public:
    enum ExitCode
    {
        Verified = 0,       // restored and verified (also: a dry run that would proceed; nothing to resume)
        RolledBack = 1,     // failed; the original database is back and served (or nothing had moved)
        Refused = 2,        // preflight refused; nothing touched
        NeedsAttention = 3, // the journal is kept; see the report's next action
        Declined = 4,       // not confirmed; nothing touched
        Usage = 64
    };

    // Everything left null is the real thing (POSIX files, QProcess,
    // the system clock, HTTP).
    struct Dependencies
    {
        FileOperations *files = nullptr;
        CommandRunner *runner = nullptr;
        Clock *clock = nullptr;
        std::function<std::unique_ptr<GatewayProbe>(const GatewayEndpoint &)> probe;
    };

    RestoreCommand(QTextStream &out, QTextStream &err, QTextStream &in);
    RestoreCommand(QTextStream &out, QTextStream &err, QTextStream &in, Dependencies dependencies);

    // arguments as QCoreApplication::arguments(): the program name first.
    int run(const QStringList &arguments);

    static QString helpText();
    static int exitCodeFor(RestoreReport::Outcome outcome);
    // The newest migration a gateway binary carries (`BIN --schema-version`).
    static std::optional<int> askSchemaVersion(CommandRunner &runner, const QString &binary, QString *error);

private:
    // What the command line (and, resuming, the journal) asked for; built
    // up by the parse steps below.
    struct Invocation;
    // A parse step's answer: nullopt to go on, else the exit code to stop with.
    using Stop = std::optional<int>;

    Stop parseFlags(QCommandLineParser &parser, const QStringList &arguments, Invocation &invocation);
    Stop loadJournal(FileOperations &files, Invocation &invocation);
    Stop parseServiceControl(const QCommandLineParser &parser, Invocation &invocation);
    Stop readAdminToken(Invocation &invocation);
    Stop parseRestoreOptions(const QCommandLineParser &parser, Invocation &invocation);
    void askGatewaySchema(CommandRunner &runner, Invocation &invocation);

    int resumeRestore(RestoreEngine &engine, const Invocation &invocation);
    int freshRestore(RestoreEngine &engine, const Invocation &invocation);
    int dryRunReport(RestoreEngine &engine, const Invocation &invocation, const PreflightResult &preflight);
    void saveReport(RestoreEngine &engine, const Invocation &invocation, const RestoreReport &report);

    // Where words for a person go: stderr when stdout carries the JSON.
    QTextStream &human() { return m_json ? m_err : m_out; }
    int usage(const QString &message);
    bool confirm(const QString &question, const QString &expected);
    int conclude(const RestoreReport &report);

    QTextStream &m_out;
    QTextStream &m_err;
    QTextStream &m_in;
    Dependencies m_dependencies;
    bool m_json = false;
    bool m_yes = false;
};

} // namespace aegis
