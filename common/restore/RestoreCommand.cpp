#include "common/restore/RestoreCommand.h"

#include "common/restore/HttpGatewayProbe.h"
#include "common/restore/PosixFileOperations.h"
#include "common/restore/ProcessCommandRunner.h"
#include "common/restore/RestoreEngine.h"
#include "common/restore/RestoreFileNames.h"
#include "common/restore/RestoreProgressPrinter.h"
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

} // namespace

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
        "<db>.bad-<unix time> (never deletes it), copies and verifies the backup, starts\n"
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
        "                          <db>.restore-<unix time>.report.json\n"
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
    QTextStream &human = m_json ? m_err : m_out;
    if (m_yes)
        return true;
    human << question << Qt::flush;
    const QString answer = m_in.readLine();
    if (answer.isNull()) {
        human << Qt::endl << QStringLiteral("No answer could be read: give --yes to run unattended.") << Qt::endl;
        return false;
    }
    return answer.trimmed() == expected;
}

int RestoreCommand::conclude(const RestoreReport &report)
{
    QTextStream &human = m_json ? m_err : m_out;
    if (m_json)
        m_out << QJsonDocument(report.toJson()).toJson(QJsonDocument::Indented) << Qt::flush;
    human << Qt::endl << report.toText() << Qt::flush;
    return exitCodeFor(report.outcome);
}

int RestoreCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
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
    QTextStream &human = m_json ? m_err : m_out;
    const bool resume = parser.isSet(QStringLiteral("resume"));
    const bool dryRun = parser.isSet(QStringLiteral("dry-run"));
    if (parser.value(QStringLiteral("db")).isEmpty())
        return usage(QStringLiteral("--db is required: the live database"));
    const QString database = QFileInfo(parser.value(QStringLiteral("db"))).absoluteFilePath();
    if (!resume && parser.value(QStringLiteral("backup")).isEmpty())
        return usage(QStringLiteral("--backup is required (or --resume)"));
    if (resume && dryRun)
        return usage(QStringLiteral("--dry-run and --resume do not go together"));
    if ((parser.isSet(QStringLiteral("finish")) || parser.isSet(QStringLiteral("rollback"))) && !resume)
        return usage(QStringLiteral("--finish and --rollback go with --resume"));
    if (parser.isSet(QStringLiteral("finish")) && parser.isSet(QStringLiteral("rollback")))
        return usage(QStringLiteral("--finish or --rollback, not both"));

    PosixFileOperations posixFiles;
    ProcessCommandRunner processRunner;
    FileOperations &files = m_dependencies.files ? *m_dependencies.files : posixFiles;
    CommandRunner &runner = m_dependencies.runner ? *m_dependencies.runner : processRunner;
    Clock &clock = m_dependencies.clock ? *m_dependencies.clock : SystemClock::instance();

    std::optional<RestoreJournal> journal;
    if (resume) {
        QString error;
        journal = RestoreEngine::loadJournal(files, database, &error);
        if (!journal && !error.isEmpty()) {
            m_err << QStringLiteral("ERROR: the restore journal cannot be read: %1").arg(error) << Qt::endl;
            return NeedsAttention;
        }
        if (!journal) {
            human << QStringLiteral("No unfinished restore of %1: nothing to resume.").arg(database) << Qt::endl;
            return Verified;
        }
    }

    // The service control: from the command line, else (resuming) the journal's.
    ServiceSpec spec;
    int chosen = 0;
    const QString service = parser.value(QStringLiteral("service"));
    if (!service.isEmpty()) {
        ++chosen;
        if (service == QLatin1String("manual")) {
            spec.kind = ServiceControl::Kind::Manual;
        } else if (service == QLatin1String("systemd") || service.startsWith(QLatin1String("systemd:"))) {
            spec.kind = ServiceControl::Kind::Systemd;
            spec.unit = service.section(QLatin1Char(':'), 1);
            if (spec.unit.isEmpty())
                spec.unit = QLatin1String(SystemdServiceControl::DefaultUnit);
        } else {
            return usage(QStringLiteral("--service takes systemd:UNIT or manual, not '%1'").arg(service));
        }
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
        url = journal ? journal->gatewayUrl : QStringLiteral("http://127.0.0.1:8080");
    const QUrl baseUrl(url);
    if (!baseUrl.isValid() || baseUrl.host().isEmpty() || (baseUrl.scheme() != QLatin1String("http") && baseUrl.scheme() != QLatin1String("https")))
        return usage(QStringLiteral("--url must be an http(s) URL, not '%1'").arg(url));
    const QString tokenFile = parser.value(QStringLiteral("token-file"));
    if (parser.isSet(QStringLiteral("managed"))) {
        ++chosen;
        spec.kind = ServiceControl::Kind::Managed;
        spec.managed.binary = parser.value(QStringLiteral("managed"));
        spec.managed.databasePath = database;
        spec.managed.bind = parser.value(QStringLiteral("managed-bind"));
        if (spec.managed.bind.isEmpty())
            spec.managed.bind = QStringLiteral("%1:%2").arg(baseUrl.host()).arg(baseUrl.port(baseUrl.scheme() == QLatin1String("https") ? 443 : 80));
        spec.managed.tokenFile = tokenFile.isEmpty() ? QString() : QFileInfo(tokenFile).absoluteFilePath();
        spec.managed.workingDirectory = parser.value(QStringLiteral("managed-workdir"));
        if (!spec.managed.workingDirectory.isEmpty())
            spec.managed.workingDirectory = QFileInfo(spec.managed.workingDirectory).absoluteFilePath();
        spec.managed.logFile = parser.value(QStringLiteral("managed-log"));
        if (!spec.managed.logFile.isEmpty())
            spec.managed.logFile = QFileInfo(spec.managed.logFile).absoluteFilePath();
    }
    if (chosen > 1)
        return usage(QStringLiteral("choose one service control: --service, --stop-cmd/--start-cmd, --managed or --manual"));
    if (chosen == 0) {
        if (journal)
            spec = journal->service;
        else if (!dryRun)
            return usage(QStringLiteral("choose how the gateway is stopped and started: --service systemd:UNIT, "
                                        "--stop-cmd/--start-cmd, --managed BIN or --manual"));
    }

    // The token: never printed, never in the journal or the report.
    QByteArray token;
    {
        QString error;
        if (!tokenFile.isEmpty()) {
            token = readToken(tokenFile, &error);
            if (token.isEmpty())
                return usage(error.isEmpty() ? QStringLiteral("the token file %1 is empty").arg(tokenFile) : error);
        } else if (!qEnvironmentVariable("AEGIS_ADMIN_TOKEN").isEmpty()) {
            token = qEnvironmentVariable("AEGIS_ADMIN_TOKEN").toUtf8();
        } else {
            const QString beside = QFileInfo(database).absoluteDir().filePath(QStringLiteral("admin.token"));
            if (QFileInfo::exists(beside))
                token = readToken(beside, &error);
        }
    }
    GatewayEndpoint endpoint;
    endpoint.baseUrl = baseUrl;
    endpoint.token = token;
    endpoint.caCertificatePath = parser.value(QStringLiteral("ca-cert"));
    std::unique_ptr<GatewayProbe> probe = m_dependencies.probe ? m_dependencies.probe(endpoint)
                                                               : std::make_unique<HttpGatewayProbe>(endpoint);

    RestoreOptions options;
    options.backupPath = parser.value(QStringLiteral("backup"));
    options.manifestPath = parser.value(QStringLiteral("manifest"));
    options.databasePath = database;
    options.service = spec;
    options.gatewayUrl = baseUrl.toString(QUrl::RemoveUserInfo);
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
        if (spec.kind == ServiceControl::Kind::Manual)
            options.operatorTimeout = std::max(options.operatorTimeout, *duration);
    }
    QString gatewayBinary = parser.value(QStringLiteral("gateway-binary"));
    if (gatewayBinary.isEmpty() && spec.kind == ServiceControl::Kind::Managed)
        gatewayBinary = spec.managed.binary;
    if (!gatewayBinary.isEmpty() && !resume) {
        QString error;
        options.gatewaySchemaVersion = askSchemaVersion(runner, gatewayBinary, &error);
        if (!options.gatewaySchemaVersion)
            human << QStringLiteral("warning: %1").arg(error) << Qt::endl;
    }

    RestoreProgressPrinter printer(human);
    std::unique_ptr<ServiceControl> control = ServiceControlFactory::create(
        spec, runner, files, [&human](const QString &instruction) { human << QStringLiteral("  >>> ") << instruction << Qt::endl; });
    RestoreContext context{files, *control, *probe, clock, &printer};
    RestoreEngine engine(context, options);

    if (journal) {
        const ResumeAdvice advice = ResumeAdvice::forJournal(*journal);
        ResumeAdvice::Choice choice = advice.recommended;
        if (parser.isSet(QStringLiteral("finish")))
            choice = ResumeAdvice::Choice::Finish;
        if (parser.isSet(QStringLiteral("rollback")))
            choice = ResumeAdvice::Choice::RollBack;
        human << advice.explanation << Qt::endl;
        if (!advice.allows(choice))
            return usage(QStringLiteral("cannot %1 this restore; it can only %2")
                             .arg(ResumeAdvice::choiceName(choice), ResumeAdvice::choiceName(advice.recommended)));
        human << QStringLiteral("Choice: %1%2.")
                     .arg(ResumeAdvice::choiceName(choice), choice == advice.recommended ? QStringLiteral(" (recommended)") : QString())
              << Qt::endl;
        const QString word = choice == ResumeAdvice::Choice::Finish ? QStringLiteral("finish") : QStringLiteral("rollback");
        if (!confirm(QStringLiteral("Type '%1' to go on: ").arg(word), word)) {
            human << QStringLiteral("Not confirmed: nothing was changed; the journal is kept.") << Qt::endl;
            return Declined;
        }
        RestoreReport report = engine.resume(*journal, choice);
        if (report.outcome == RestoreReport::Outcome::Verified)
            report = engine.finish(options.disposition);
        return conclude(report);
    }

    PreflightResult preflight = engine.preflight();
    if (options.allowMissingManifest)
        preflight.applyOverrides();
    human << Qt::endl << QStringLiteral("Preflight:") << Qt::endl << preflight.toText() << Qt::endl;
    human << Qt::endl << preflight.plan.toText() << Qt::endl << Qt::endl;

    if (!preflight.passed() && preflight.refusal().canOverride() && !m_yes && !dryRun) {
        human << preflight.refusal().toText() << Qt::endl;
        if (confirm(QStringLiteral("Type OVERRIDE to restore it knowingly: "), QStringLiteral("OVERRIDE")))
            preflight.applyOverrides();
    }
    if (dryRun) {
        RestoreReport report;
        report.outcome = preflight.passed() ? RestoreReport::Outcome::Planned : RestoreReport::Outcome::Refused;
        report.databasePath = database;
        report.gatewayUrl = options.gatewayUrl;
        report.service = spec.describe();
        report.checks = preflight.checks;
        report.plan = preflight.plan.toJson();
        report.backup = report.plan.value(QStringLiteral("backup")).toObject();
        if (!preflight.passed()) {
            report.failure = preflight.refusal().toText();
            human << report.failure << Qt::endl;
        }
        if (!options.reportPath.isEmpty()) {
            QString error;
            if (!engine.saveReport(report, &error))
                m_err << QStringLiteral("warning: %1").arg(error) << Qt::endl;
        }
        if (m_json)
            m_out << QJsonDocument(report.toJson()).toJson(QJsonDocument::Indented) << Qt::flush;
        human << RestoreReport::outcomeSentence(report.outcome) << Qt::endl;
        return preflight.passed() ? Verified : Refused;
    }
    if (!preflight.passed()) {
        RestoreReport report = engine.execute(preflight);
        if (!options.reportPath.isEmpty()) {
            QString error;
            if (!engine.saveReport(report, &error))
                m_err << QStringLiteral("warning: %1").arg(error) << Qt::endl;
        }
        return conclude(report);
    }
    const QString phrase = preflight.plan.confirmationPhrase();
    if (!confirm(QStringLiteral("This replaces the live database. Type its file name (%1) to restore: ").arg(phrase), phrase)) {
        human << QStringLiteral("Not confirmed: nothing was changed.") << Qt::endl;
        return Declined;
    }
    RestoreReport report = engine.execute(preflight);
    if (report.outcome == RestoreReport::Outcome::Verified)
        report = engine.finish(options.disposition);
    human << QStringLiteral("Report: %1").arg(engine.reportPath()) << Qt::endl;
    return conclude(report);
}

} // namespace aegis
