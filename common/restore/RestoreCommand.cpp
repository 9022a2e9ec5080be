#include "common/restore/RestoreCommand.h"

#include "common/restore/HttpGatewayProbe.h"
#include "common/restore/PosixFileOperations.h"
#include "common/restore/ProcessCommandRunner.h"
#include "common/restore/RestoreEngine.h"
#include "common/restore/RestoreFileNames.h"
#include "common/restore/RestoreProgressPrinter.h"
#include "common/restore/RestoreWording.h"
#include "common/restore/ServiceControlFactory.h"
#include "common/restore/SystemdServiceControl.h"
#include "common/util/DurationText.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrl>


namespace aegis {

namespace {

struct Option
{
    const char *name;
    const char *valueName; // nullptr: a flag
};

constexpr Option Options[] = {
    {"backup", "FILE"},        {"db", "PATH"},          {"url", "URL"},
    {"token-file", "FILE"},    {"service", "KIND"},     {"stop-cmd", "CMD"},
    {"start-cmd", "CMD"},      {"managed", "BIN"},      {"manual", nullptr},
    {"managed-workdir", "DIR"}, {"managed-log", "FILE"}, {"managed-bind", "HOST:PORT"},
    {"manifest", "FILE"},      {"allow-no-manifest", nullptr}, {"gateway-binary", "BIN"},
    {"bad-files", "WHAT"},     {"archive-dir", "DIR"},  {"stop-timeout", "D"},
    {"ready-timeout", "D"},    {"dry-run", nullptr},    {"yes", nullptr},
    {"resume", nullptr},       {"finish", nullptr},     {"rollback", nullptr},
    {"report", "FILE"},        {"json", nullptr},       {"help", nullptr},
    {"ca-cert", "FILE"},
    {"version", nullptr},
};

QByteArray readToken(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read the token file %1: %2").arg(path, file.errorString());
        return {};
    }
    return file.read(4096).trimmed();
}

// --service NAME, or nullopt when NAME is not one.
std::optional<ServiceSpec> namedService(const QString &name)
{
    ServiceSpec spec;
    if (name == QLatin1String("manual")) {
        spec.kind = ServiceControl::Kind::Manual;
    } else if (name == QLatin1String("systemd") || name.startsWith(QLatin1String("systemd:"))) {
        spec.kind = ServiceControl::Kind::Systemd;
        spec.unit = name.section(QLatin1Char(':'), 1);
        if (spec.unit.isEmpty())
            spec.unit = QLatin1String(SystemdServiceControl::DefaultUnit);
    } else {
        return std::nullopt;
    }
    return spec;
}

// --managed BIN and the options that go with it.
ManagedGateway managedGateway(const QCommandLineParser &parser, const QString &database, const QUrl &baseUrl,
                              const QString &tokenFile)
{
    ManagedGateway managed;
    managed.binary = parser.value(QStringLiteral("managed"));
    managed.databasePath = database;
    managed.bind = parser.value(QStringLiteral("managed-bind"));
    if (managed.bind.isEmpty())
        managed.bind = QStringLiteral("%1:%2").arg(baseUrl.host()).arg(baseUrl.port(baseUrl.scheme() == QLatin1String("https") ? 443 : 80));
    managed.tokenFile = tokenFile.isEmpty() ? QString() : QFileInfo(tokenFile).absoluteFilePath();
    managed.workingDirectory = parser.value(QStringLiteral("managed-workdir"));
    if (!managed.workingDirectory.isEmpty())
        managed.workingDirectory = QFileInfo(managed.workingDirectory).absoluteFilePath();
    managed.logFile = parser.value(QStringLiteral("managed-log"));
    if (!managed.logFile.isEmpty())
        managed.logFile = QFileInfo(managed.logFile).absoluteFilePath();
    return managed;
}

} // namespace

struct RestoreCommand::Invocation
{
    QString database; // absolute
    bool resume = false;
    bool dryRun = false;
    bool finish = false;
    bool rollback = false;
    std::optional<RestoreJournal> journal; // resuming
    QUrl baseUrl;
    QString tokenFile;
    QByteArray token; // never printed, never in the journal or the report
    QString gatewayBinary;
    RestoreOptions options; // options.service: the service control
};

RestoreCommand::RestoreCommand(QTextStream &out, QTextStream &err, QTextStream &in)
    : RestoreCommand(out, err, in, Dependencies())
{
}

RestoreCommand::RestoreCommand(QTextStream &out, QTextStream &err, QTextStream &in, Dependencies dependencies)
    : m_out(out)
    , m_err(err)
    , m_in(in)
    , m_dependencies(std::move(dependencies))
{
}

QString RestoreCommand::helpText()
{
    return QStringLiteral(
        "Usage:\n"
        "  aegis-restore --backup FILE --db PATH --url URL [--token-file F]\n"
        "                [--service systemd:UNIT | --stop-cmd CMD --start-cmd CMD | --managed BIN | --manual]\n"
        "                [--dry-run] [--yes] [--report FILE] [--json]\n"
        "  aegis-restore --resume --db PATH [--finish | --rollback] [service and gateway options] [--yes]\n"
        "\n"
        "Restores the gateway's database from a backup, safely: checks the backup first\n"
        "(integrity, sha256 against its manifest, schema, receipt chains, free space),\n"
        "stops the gateway and proves it stopped, sets the live database aside as\n"
        "<db>.bad-<UTC time> (never deletes it), copies and verifies the backup, starts\n"
        "the gateway, spot-checks the data and verifies every receipt chain against the\n"
        "backup's manifest. Any failure after the stop puts the original files back and\n"
        "restarts the gateway. A journal beside the database makes an interrupted restore\n"
        "resumable (--resume).\n"
        "\n"
        "Gateway:\n"
        "  --db PATH               the live database (the gateway's AEGIS_DB_PATH)\n"
        "  --url URL               the gateway (default http://127.0.0.1:8080)\n"
        "  --token-file F          the admin token file (default: AEGIS_ADMIN_TOKEN, else\n"
        "                          admin.token beside the database); never printed\n"
        "  --ca-cert FILE          for an https URL: the CA (or self-signed certificate) to trust\n"
        "  --gateway-binary BIN    the installed gateway, asked with --schema-version\n"
        "                          (default: the --managed binary, else the running\n"
        "                          gateway's /v1/version)\n"
        "Service control (one of):\n"
        "  --service systemd[:UNIT]  systemctl stop|start UNIT (default aegis-gateway.service)\n"
        "  --stop-cmd CMD --start-cmd CMD   your own command lines (run by /bin/sh -c)\n"
        "  --managed BIN           run the gateway binary ourselves: the process holding the\n"
        "                          database is stopped with SIGTERM if it is BIN; BIN is\n"
        "                          started detached with AEGIS_DB_PATH=--db, AEGIS_BIND from\n"
        "                          --url (or --managed-bind), AEGIS_ADMIN_TOKEN_FILE=--token-file,\n"
        "                          the rest of this environment, in --managed-workdir\n"
        "                          (default: here), output appended to --managed-log\n"
        "                          (default: aegis-gateway.log beside the database)\n"
        "  --manual                you stop and start it; the restore waits until it sees it\n"
        "Backup:\n"
        "  --backup FILE           the backup file\n"
        "  --manifest FILE         its manifest (default FILE.manifest.json)\n"
        "  --allow-no-manifest     restore a backup without a manifest, knowingly\n"
        "Run:\n"
        "  --dry-run               run the checks and show the plan; change nothing\n"
        "  --yes                   no questions (scripts); the confirmation is implied\n"
        "  --bad-files WHAT        after a verified restore: keep (default), archive (to the\n"
        "                          backup's directory, or --archive-dir DIR) or delete\n"
        "                          the <db>.bad-* files\n"
        "  --stop-timeout D        wait for the stop (default 60s; --manual: 30m)\n"
        "  --ready-timeout D       wait for /health and /readyz (default 120s; --manual: 30m)\n"
        "  --resume                finish or roll back an interrupted restore (its journal\n"
        "                          <db>.restore-journal.json); --finish or --rollback\n"
        "                          overrides the recommended choice\n"
        "  --report FILE           the JSON report (text beside it, .txt); default\n"
        "                          <db>.restore-<UTC time>.report.json\n"
        "  --json                  print the report as JSON on stdout (step lines go to stderr)\n"
        "\n"
        "Exit status: 0 restored and verified (or a dry run that would proceed); 1 failed\n"
        "and rolled back, the original database is served; 2 refused by the checks,\n"
        "nothing changed; 3 needs attention (see the report); 4 not confirmed; 64 usage.\n");
}

int RestoreCommand::exitCodeFor(RestoreReport::Outcome outcome)
{
    switch (outcome) {
    case RestoreReport::Outcome::Verified:
    case RestoreReport::Outcome::Planned:
        return Verified;
    case RestoreReport::Outcome::RolledBack:
    case RestoreReport::Outcome::Aborted:
        return RolledBack;
    case RestoreReport::Outcome::Refused:
        return Refused;
    case RestoreReport::Outcome::NeedsAttention:
        return NeedsAttention;
    case RestoreReport::Outcome::Declined:
        return Declined;
    }
    return NeedsAttention;
}

std::optional<int> RestoreCommand::askSchemaVersion(CommandRunner &runner, const QString &binary, QString *error)
{
    const CommandResult result = runner.run(binary, {QStringLiteral("--schema-version")}, 30000);
    if (!result.succeeded()) {
        *error = QStringLiteral("%1 --schema-version: %2").arg(binary, result.describe());
        return std::nullopt;
    }
    static const QRegularExpression number(QStringLiteral("(\\d+)\\s*$"));
    const QRegularExpressionMatch match = number.match(result.output);
    if (!match.hasMatch()) {
        *error = QStringLiteral("%1 --schema-version printed no number").arg(binary);
        return std::nullopt;
    }
    return match.captured(1).toInt();
}

int RestoreCommand::usage(const QString &message)
{
    m_err << QStringLiteral("ERROR: %1\n(see aegis-restore --help)").arg(message) << Qt::endl;
    return Usage;
}

bool RestoreCommand::confirm(const QString &question, const QString &expected)
{
    if (m_yes)
        return true;
    human() << question << Qt::flush;
    const QString answer = m_in.readLine();
    if (answer.isNull()) {
        human() << Qt::endl << QStringLiteral("No answer could be read: give --yes to run unattended.") << Qt::endl;
        return false;
    }
    return answer.trimmed() == expected;
}

int RestoreCommand::conclude(const RestoreReport &report)
{
    if (m_json)
        m_out << QJsonDocument(report.toJson()).toJson(QJsonDocument::Indented) << Qt::flush;
    human() << Qt::endl << report.toText() << Qt::flush;
    return exitCodeFor(report.outcome);
}

// Parsing (the steps in the order their errors are reported), then the
// wiring of the engine, then the run, which talks to the operator.
int RestoreCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    Invocation invocation;
    if (const Stop stop = parseFlags(parser, arguments, invocation))
        return *stop;

    PosixFileOperations posixFiles;
    ProcessCommandRunner processRunner;
    FileOperations &files = m_dependencies.files ? *m_dependencies.files : posixFiles;
    CommandRunner &runner = m_dependencies.runner ? *m_dependencies.runner : processRunner;
    Clock &clock = m_dependencies.clock ? *m_dependencies.clock : SystemClock::instance();

    if (invocation.resume) {
        if (const Stop stop = loadJournal(files, invocation))
            return *stop;
    }
    if (const Stop stop = parseServiceControl(parser, invocation))
        return *stop;
    if (const Stop stop = readAdminToken(invocation))
        return *stop;
    GatewayEndpoint endpoint;
    endpoint.baseUrl = invocation.baseUrl;
    endpoint.token = invocation.token;
    endpoint.caCertificatePath = parser.value(QStringLiteral("ca-cert"));
    std::unique_ptr<GatewayProbe> probe = m_dependencies.probe ? m_dependencies.probe(endpoint)
                                                               : std::make_unique<HttpGatewayProbe>(endpoint);
    if (const Stop stop = parseRestoreOptions(parser, invocation))
        return *stop;
    askGatewaySchema(runner, invocation);

    QTextStream &words = human();
    RestoreProgressPrinter printer(words);
    std::unique_ptr<ServiceControl> control = ServiceControlFactory::create(
        invocation.options.service, runner, files,
        [&words](const QString &instruction) { words << QStringLiteral("  >>> ") << instruction << Qt::endl; });
    RestoreContext context{files, *control, *probe, clock, &printer};
    RestoreEngine engine(context, invocation.options);
    return invocation.journal ? resumeRestore(engine, invocation) : freshRestore(engine, invocation);
}

RestoreCommand::Stop RestoreCommand::parseFlags(QCommandLineParser &parser, const QStringList &arguments,
                                                Invocation &invocation)
{
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    for (const Option &option : Options) {
        if (option.valueName)
            parser.addOption(QCommandLineOption(QLatin1String(option.name), QString(), QLatin1String(option.valueName)));
        else
            parser.addOption(QCommandLineOption(QLatin1String(option.name)));
    }
    if (!parser.parse(arguments))
        return usage(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        m_out << helpText() << Qt::flush;
        return Verified;
    }
    if (parser.isSet(QStringLiteral("version"))) {
        m_out << QStringLiteral("aegis-restore %1").arg(QStringLiteral(AEGIS_VERSION)) << Qt::endl;
        return Verified;
    }
    if (!parser.positionalArguments().isEmpty())
        return usage(QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first()));
    m_json = parser.isSet(QStringLiteral("json"));
    m_yes = parser.isSet(QStringLiteral("yes"));
    invocation.resume = parser.isSet(QStringLiteral("resume"));
    invocation.dryRun = parser.isSet(QStringLiteral("dry-run"));
    invocation.finish = parser.isSet(QStringLiteral("finish"));
    invocation.rollback = parser.isSet(QStringLiteral("rollback"));
    if (parser.value(QStringLiteral("db")).isEmpty())
        return usage(QStringLiteral("--db is required: the live database"));
    invocation.database = QFileInfo(parser.value(QStringLiteral("db"))).absoluteFilePath();
    if (!invocation.resume && parser.value(QStringLiteral("backup")).isEmpty())
        return usage(QStringLiteral("--backup is required (or --resume)"));
    if (invocation.resume && invocation.dryRun)
        return usage(QStringLiteral("--dry-run and --resume do not go together"));
    if ((invocation.finish || invocation.rollback) && !invocation.resume)
        return usage(QStringLiteral("--finish and --rollback go with --resume"));
    if (invocation.finish && invocation.rollback)
        return usage(QStringLiteral("--finish or --rollback, not both"));
    return std::nullopt;
}

RestoreCommand::Stop RestoreCommand::loadJournal(FileOperations &files, Invocation &invocation)
{
    QString error;
    invocation.journal = RestoreEngine::loadJournal(files, invocation.database, &error);
    if (!invocation.journal && !error.isEmpty()) {
        m_err << QStringLiteral("ERROR: the restore journal cannot be read: %1").arg(error) << Qt::endl;
        return NeedsAttention;
    }
    if (!invocation.journal) {
        human() << QStringLiteral("No unfinished restore of %1: nothing to resume.").arg(invocation.database) << Qt::endl;
        return Verified;
    }
    return std::nullopt;
}

// The service control: from the command line, else (resuming) the journal's.
// The gateway's URL is read here too: a managed gateway binds to it.
RestoreCommand::Stop RestoreCommand::parseServiceControl(const QCommandLineParser &parser, Invocation &invocation)
{
    ServiceSpec &spec = invocation.options.service;
    int chosen = 0;
    const QString service = parser.value(QStringLiteral("service"));
    if (!service.isEmpty()) {
        ++chosen;
        const std::optional<ServiceSpec> named = namedService(service);
        if (!named)
            return usage(QStringLiteral("--service takes systemd:UNIT or manual, not '%1'").arg(service));
        spec = *named;
    }
    if (parser.isSet(QStringLiteral("stop-cmd")) || parser.isSet(QStringLiteral("start-cmd"))) {
        ++chosen;
        spec.kind = ServiceControl::Kind::Command;
        spec.stopCommand = parser.value(QStringLiteral("stop-cmd"));
        spec.startCommand = parser.value(QStringLiteral("start-cmd"));
        if (spec.stopCommand.isEmpty() || spec.startCommand.isEmpty())
            return usage(QStringLiteral("--stop-cmd and --start-cmd go together"));
    }
    if (parser.isSet(QStringLiteral("manual"))) {
        ++chosen;
        spec.kind = ServiceControl::Kind::Manual;
    }
    QString url = parser.value(QStringLiteral("url"));
    if (url.isEmpty())
        url = invocation.journal ? invocation.journal->gatewayUrl : QStringLiteral("http://127.0.0.1:8080");
    invocation.baseUrl = QUrl(url);
    const QUrl &baseUrl = invocation.baseUrl;
    if (!baseUrl.isValid() || baseUrl.host().isEmpty() || (baseUrl.scheme() != QLatin1String("http") && baseUrl.scheme() != QLatin1String("https")))
        return usage(QStringLiteral("--url must be an http(s) URL, not '%1'").arg(url));
    invocation.tokenFile = parser.value(QStringLiteral("token-file"));
    if (parser.isSet(QStringLiteral("managed"))) {
        ++chosen;
        spec.kind = ServiceControl::Kind::Managed;
        spec.managed = managedGateway(parser, invocation.database, baseUrl, invocation.tokenFile);
    }
    if (chosen > 1)
        return usage(QStringLiteral("choose one service control: --service, --stop-cmd/--start-cmd, --managed or --manual"));
    if (chosen == 0) {
        if (invocation.journal)
            spec = invocation.journal->service;
        else if (!invocation.dryRun)
            return usage(QStringLiteral("choose how the gateway is stopped and started: --service systemd:UNIT, "
                                        "--stop-cmd/--start-cmd, --managed BIN or --manual"));
    }
    return std::nullopt;
}

// The token: never printed, never in the journal or the report.
RestoreCommand::Stop RestoreCommand::readAdminToken(Invocation &invocation)
{
    QString error;
    if (!invocation.tokenFile.isEmpty()) {
        invocation.token = readToken(invocation.tokenFile, &error);
        if (invocation.token.isEmpty())
            return usage(error.isEmpty() ? QStringLiteral("the token file %1 is empty").arg(invocation.tokenFile) : error);
    } else if (!qEnvironmentVariable("AEGIS_ADMIN_TOKEN").isEmpty()) {
        invocation.token = qEnvironmentVariable("AEGIS_ADMIN_TOKEN").toUtf8();
    } else {
        const QString beside = QFileInfo(invocation.database).absoluteDir().filePath(QStringLiteral("admin.token"));
        if (QFileInfo::exists(beside))
            invocation.token = readToken(beside, &error);
    }
    return std::nullopt;
}

RestoreCommand::Stop RestoreCommand::parseRestoreOptions(const QCommandLineParser &parser, Invocation &invocation)
{
    RestoreOptions &options = invocation.options;
    options.backupPath = parser.value(QStringLiteral("backup"));
    options.manifestPath = parser.value(QStringLiteral("manifest"));
    options.databasePath = invocation.database;
    options.gatewayUrl = invocation.baseUrl.toString(QUrl::RemoveUserInfo);
    options.allowMissingManifest = parser.isSet(QStringLiteral("allow-no-manifest"));
    options.reportPath = parser.value(QStringLiteral("report"));
    options.archiveDirectory = parser.value(QStringLiteral("archive-dir"));
    if (parser.isSet(QStringLiteral("bad-files"))) {
        const auto disposition = BadFilesDispositions::fromName(parser.value(QStringLiteral("bad-files")));
        if (!disposition)
            return usage(QStringLiteral("--bad-files takes keep, archive or delete"));
        options.disposition = *disposition;
    }
    for (const auto &[name, target] : {std::pair{QStringLiteral("stop-timeout"), &options.stopTimeout},
                                       std::pair{QStringLiteral("ready-timeout"), &options.startTimeout}}) {
        if (!parser.isSet(name))
            continue;
        const auto duration = DurationText::parse(parser.value(name));
        if (!duration || duration->count() <= 0)
            return usage(QStringLiteral("--%1 takes a duration such as 90s or 5m").arg(name));
        *target = *duration;
        if (options.service.kind == ServiceControl::Kind::Manual)
            options.operatorTimeout = std::max(options.operatorTimeout, *duration);
    }
    invocation.gatewayBinary = parser.value(QStringLiteral("gateway-binary"));
    if (invocation.gatewayBinary.isEmpty() && options.service.kind == ServiceControl::Kind::Managed)
        invocation.gatewayBinary = options.service.managed.binary;
    return std::nullopt;
}

void RestoreCommand::askGatewaySchema(CommandRunner &runner, Invocation &invocation)
{
    if (invocation.gatewayBinary.isEmpty() || invocation.resume)
        return;
    QString error;
    invocation.options.gatewaySchemaVersion = askSchemaVersion(runner, invocation.gatewayBinary, &error);
    if (!invocation.options.gatewaySchemaVersion)
        human() << QStringLiteral("warning: %1").arg(error) << Qt::endl;
}

int RestoreCommand::resumeRestore(RestoreEngine &engine, const Invocation &invocation)
{
    const ResumeAdvice advice = ResumeAdvice::forJournal(*invocation.journal);
    ResumeAdvice::Choice choice = advice.recommended;
    if (invocation.finish)
        choice = ResumeAdvice::Choice::Finish;
    if (invocation.rollback)
        choice = ResumeAdvice::Choice::RollBack;
    human() << advice.explanation << Qt::endl;
    if (!advice.allows(choice))
        return usage(QStringLiteral("cannot %1 this restore; it can only %2")
                         .arg(ResumeAdvice::choiceName(choice), ResumeAdvice::choiceName(advice.recommended)));
    human() << QStringLiteral("Choice: %1%2.")
                   .arg(ResumeAdvice::choiceName(choice), choice == advice.recommended ? QStringLiteral(" (recommended)") : QString())
            << Qt::endl;
    const QString word = choice == ResumeAdvice::Choice::Finish ? QStringLiteral("finish") : QStringLiteral("rollback");
    if (!confirm(QStringLiteral("Type '%1' to go on: ").arg(word), word)) {
        human() << QStringLiteral("Not confirmed: nothing was changed; the journal is kept.") << Qt::endl;
        return Declined;
    }
    RestoreReport report = engine.resume(*invocation.journal, choice);
    if (report.outcome == RestoreReport::Outcome::Verified)
        report = engine.finish(invocation.options.disposition);
    return conclude(report);
}

int RestoreCommand::freshRestore(RestoreEngine &engine, const Invocation &invocation)
{
    PreflightResult preflight = engine.preflight();
    if (invocation.options.allowMissingManifest)
        preflight.applyOverrides();
    human() << Qt::endl << QStringLiteral("Preflight:") << Qt::endl << preflight.toText() << Qt::endl;
    human() << Qt::endl << preflight.plan.toText() << Qt::endl << Qt::endl;

    if (!preflight.passed() && preflight.refusal().canOverride() && !m_yes && !invocation.dryRun) {
        human() << preflight.refusal().toText() << Qt::endl;
        if (confirm(QStringLiteral("Type OVERRIDE to restore it knowingly: "), QStringLiteral("OVERRIDE")))
            preflight.applyOverrides();
    }
    if (invocation.dryRun)
        return dryRunReport(engine, invocation, preflight);
    if (!preflight.passed()) {
        const RestoreReport report = engine.execute(preflight);
        saveReport(engine, invocation, report);
        return conclude(report);
    }
    const QString phrase = preflight.plan.confirmationPhrase();
    if (!confirm(QStringLiteral("This replaces the live database. Type its file name (%1) to restore: ").arg(phrase), phrase)) {
        human() << QStringLiteral("Not confirmed: nothing was changed.") << Qt::endl;
        return Declined;
    }
    RestoreReport report = engine.execute(preflight);
    if (report.outcome == RestoreReport::Outcome::Verified)
        report = engine.finish(invocation.options.disposition);
    human() << QStringLiteral("Report: %1").arg(engine.reportPath()) << Qt::endl;
    return conclude(report);
}

int RestoreCommand::dryRunReport(RestoreEngine &engine, const Invocation &invocation, const PreflightResult &preflight)
{
    RestoreReport report;
    report.outcome = preflight.passed() ? RestoreReport::Outcome::Planned : RestoreReport::Outcome::Refused;
    report.databasePath = invocation.database;
    report.gatewayUrl = invocation.options.gatewayUrl;
    report.service = invocation.options.service.describe();
    report.checks = preflight.checks;
    report.plan = preflight.plan.toJson();
    report.backup = report.plan.value(QStringLiteral("backup")).toObject();
    if (!preflight.passed()) {
        report.failure = RestoreFailure(RestoreStep::Preflight, StepFinding(StepFinding::Kind::Refused));
        human() << RestoreWording::failure(report) << Qt::endl;
    }
    saveReport(engine, invocation, report);
    if (m_json)
        m_out << QJsonDocument(report.toJson()).toJson(QJsonDocument::Indented) << Qt::flush;
    human() << RestoreReport::outcomeSentence(report.outcome) << Qt::endl;
    return preflight.passed() ? Verified : Refused;
}

// For a refused or planned restore, which the engine does not save: a
// report is written only where the operator asked for one.
void RestoreCommand::saveReport(RestoreEngine &engine, const Invocation &invocation, const RestoreReport &report)
{
    if (invocation.options.reportPath.isEmpty())
        return;
    QString error;
    if (!engine.saveReport(report, &error))
        m_err << QStringLiteral("warning: %1").arg(error) << Qt::endl;
}

} // namespace aegis
