#include "common/receipts/VerifyReceiptsCommand.h"

#include "common/json/JsonParser.h"
#include "common/receipts/ChainFailureLocation.h"
#include "common/receipts/ChainFileVerifier.h"
#include "common/receipts/ChainListVerifier.h"
#include "common/receipts/ChainVerificationReport.h"
#include "common/receipts/DatabaseChainVerifier.h"
#include "common/receipts/ExpectedHead.h"
#include "common/receipts/ReceiptCheck.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonDocument>

namespace aegis {

namespace {

QString shortHash(const std::optional<QString> &hash, bool isPrev)
{
    if (!hash)
        return QStringLiteral("(missing)");
    if (isPrev && hash->isEmpty())
        return QStringLiteral("(genesis)");
    return hash->left(12);
}

// The verdict's reason in the spec's two wordings, so that scripts written
// for any aegis-jcs-1 verifier read it; the kind (seq_gap, truncated,
// diverged, malformed) and its explanation follow on the detail lines. A
// bad signature (which other verifiers do not check) is a tampered receipt
// too, and says which test failed.
QString reasonFor(ChainFailure::Kind kind)
{
    if (kind == ChainFailure::Kind::HashMismatch)
        return QStringLiteral("hash mismatch (tampered receipt)");
    if (kind == ChainFailure::Kind::BadSignature)
        return QStringLiteral("bad signature (tampered receipt)");
    return QStringLiteral("broken chain link");
}

std::optional<QByteArray> readFile(const QString &path, QString *why)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *why = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    return file.readAll();
}

} // namespace

VerifyReceiptsCommand::VerifyReceiptsCommand(QTextStream &out, QTextStream &err)
    : m_out(out)
    , m_err(err)
{
}

QString VerifyReceiptsCommand::helpText()
{
    return QStringLiteral(
        "Usage:\n"
        "  aegis-verify-receipts [--table] [--json] FILE.json\n"
        "  aegis-verify-receipts [--table] [--json] --db FILE.db [--manifest FILE.manifest.json] [--tenant ID]\n"
        "\n"
        "Verifies Aegis receipt hash chains (aegis-jcs-1) offline.\n"
        "\n"
        "FILE.json is an array of receipts, an object with a \"receipts\" array (the\n"
        "output of GET /v1/receipts works as it is), or an export from\n"
        "GET /v1/receipts/export, which is checked as a whole chain from its first\n"
        "receipt. --db reads a gateway database or a backup file, read-only: the\n"
        "file is not changed and no -wal/-shm files are created beside it.\n"
        "A signed receipt's signature must verify with its signer_public_key too\n"
        "(bad_signature otherwise); unsigned receipts are checked by hash alone.\n"
        "\n"
        "Options:\n"
        "  --db FILE.db        verify every tenant's chain in a database file\n"
        "  --manifest FILE     with --db: the backup manifest; also fails when a chain\n"
        "                      is shorter than recorded (truncated) or has another\n"
        "                      receipt at the recorded head (diverged)\n"
        "  --tenant ID         with --db: only this tenant\n"
        "  --table             print a row per receipt before the verdict\n"
        "  --json              print the verify-chain result object instead of text\n"
        "                      (--table is then ignored)\n"
        "  --help              show this help\n"
        "  --version           show the version\n"
        "\n"
        "Exit status:\n"
        "  0  every chain intact (stdout: VERIFIED: <n> receipt(s), chain intact.)\n"
        "  1  a chain failed (stderr: TAMPERED: chain failed at receipt index <i> ...),\n"
        "     or there were no receipts at all: nothing was proven, so it is not 0\n"
        "  2  the input could not be read: missing file, bad JSON, wrong shape,\n"
        "     not a database (stderr: ERROR: ...)\n");
}

int VerifyReceiptsCommand::error(const QString &what)
{
    m_err << "ERROR: " << what << Qt::endl;
    return Error;
}

int VerifyReceiptsCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")});
    const QCommandLineOption version(QStringLiteral("version"));
    const QCommandLineOption table(QStringLiteral("table"));
    const QCommandLineOption json(QStringLiteral("json"));
    const QCommandLineOption db(QStringLiteral("db"), QString(), QStringLiteral("FILE.db"));
    const QCommandLineOption manifest(QStringLiteral("manifest"), QString(), QStringLiteral("FILE"));
    const QCommandLineOption tenant(QStringLiteral("tenant"), QString(), QStringLiteral("ID"));
    parser.addOptions({help, version, table, json, db, manifest, tenant});

    if (!parser.parse(arguments))
        return error(parser.errorText() + QStringLiteral(" (see --help)"));
    if (parser.isSet(help)) {
        m_out << helpText();
        m_out.flush();
        return Verified;
    }
    if (parser.isSet(version)) {
        m_out << "aegis-verify-receipts " << AEGIS_VERSION << Qt::endl;
        return Verified;
    }
    m_table = parser.isSet(table);
    m_json = parser.isSet(json);
    const QStringList files = parser.positionalArguments();

    if (parser.isSet(db)) {
        if (!files.isEmpty())
            return error(QStringLiteral("give either FILE.json or --db FILE.db, not both (see --help)"));
        if (parser.isSet(tenant) && parser.value(tenant).isEmpty())
            return error(QStringLiteral("--tenant needs a tenant id"));
        return runOnDatabase(parser.value(db), parser.value(manifest), parser.value(tenant));
    }
    if (parser.isSet(manifest) || parser.isSet(tenant))
        return error(QStringLiteral("--manifest and --tenant go with --db (see --help)"));
    if (files.size() != 1)
        return error(files.isEmpty() ? QStringLiteral("no input: give FILE.json or --db FILE.db (see --help)")
                                     : QStringLiteral("one FILE.json at a time (see --help)"));
    return runOnJsonFile(files.first());
}

void VerifyReceiptsCommand::printRow(const ReceiptCheck &check)
{
    if (!m_headerPrinted) {
        m_out << QStringLiteral("%1 %2 %3 %4 %5 %6")
                     .arg(QStringLiteral("INDEX"), -7)
                     .arg(QStringLiteral("STATUS"), -9)
                     .arg(QStringLiteral("HASH"), -12)
                     .arg(QStringLiteral("PREV"), -12)
                     .arg(QStringLiteral("AGENT"), -36)
                     .arg(QStringLiteral("DECISION"))
              << '\n';
        m_headerPrinted = true;
        m_lastTenant = QStringLiteral("\x01");
    }
    if (check.tenantId != m_lastTenant) {
        if (!check.tenantId.isEmpty())
            m_out << "tenant " << check.tenantId << ":\n";
        m_lastTenant = check.tenantId;
    }
    m_out << QStringLiteral("%1 %2 %3 %4 %5 %6")
                 .arg(QString::number(check.index), -7)
                 .arg(ReceiptCheck::statusName(check.status), -9)
                 .arg(shortHash(check.receiptHash, false), -12)
                 .arg(shortHash(check.prevReceiptHash, true), -12)
                 .arg(check.agentId.isEmpty() ? QStringLiteral("-") : check.agentId, -36)
                 .arg(check.decision.isEmpty() ? QStringLiteral("-") : check.decision)
          << '\n';
}

int VerifyReceiptsCommand::runOnJsonFile(const QString &path)
{
    ChainListVerifier::Options options;
    if (m_table && !m_json)
        options.onReceipt = [this](const ReceiptCheck &check) { printRow(check); };
    // Streamed: an export of millions of receipts is never in memory whole.
    ChainFileVerifier::Error why;
    const auto report = ChainFileVerifier::verifyFile(path, options, &why);
    if (!report) {
        switch (why.failure) {
        case ChainFileVerifier::Failure::Unreadable:
            return error(QStringLiteral("cannot read %1: %2").arg(path, why.text));
        case ChainFileVerifier::Failure::InvalidJson:
            return error(QStringLiteral("%1 is not valid JSON: %2").arg(path, why.text));
        case ChainFileVerifier::Failure::WrongShape:
            break;
        }
        return error(QStringLiteral("%1: %2").arg(path, why.text));
    }
    return conclude(*report, path);
}

int VerifyReceiptsCommand::runOnDatabase(const QString &path, const QString &manifestPath, const QString &tenant)
{
    DatabaseChainVerifier::Options options;
    options.tenantId = tenant;
    if (!manifestPath.isEmpty()) {
        QString why;
        const auto bytes = readFile(manifestPath, &why);
        if (!bytes)
            return error(why);
        JsonParser parser;
        parser.setAllowByteOrderMark(true);
        const auto manifest = parser.parse(*bytes);
        if (!manifest)
            return error(QStringLiteral("%1 is not valid JSON: %2").arg(manifestPath, parser.errorString()));
        const auto heads = ExpectedHead::parseManifest(*manifest, &why);
        if (!heads)
            return error(QStringLiteral("%1: %2").arg(manifestPath, why));
        options.expectedHeads = *heads;
        if (!tenant.isEmpty()) {
            ExpectedHeads only;
            if (const auto it = heads->find(tenant); it != heads->end())
                only.emplace(*it);
            options.expectedHeads = only;
        }
    }
    if (m_table && !m_json)
        options.onReceipt = [this](const ReceiptCheck &check) { printRow(check); };

    QString why;
    const auto report = DatabaseChainVerifier(options).verifyFile(path, &why);
    if (!report)
        return error(why);
    return conclude(*report, path);
}

int VerifyReceiptsCommand::conclude(const ChainVerificationReport &report, const QString &source)
{
    const bool empty = report.isEmpty() && report.verified();
    if (m_json) {
        m_out << QJsonDocument(report.toJson()).toJson(QJsonDocument::Indented);
        m_out.flush();
        return report.verified() && !empty ? Verified : NotVerified;
    }
    m_out.flush();

    if (const auto failure = report.firstFailure()) {
        const auto &[tenant, f] = *failure;
        m_err << "TAMPERED: chain failed at receipt index " << f.index << " (" << reasonFor(f.kind) << ")." << '\n';
        // Where, as the console and its reports say it.
        m_err << "  where:      " << ChainFailureLocation::text(f, tenant) << '\n';
        if (!tenant.isEmpty())
            m_err << "  tenant:     " << tenant << '\n';
        m_err << "  seq:        " << (f.seq ? QString::number(*f.seq) : QStringLiteral("-")) << '\n';
        m_err << "  receipt id: " << (f.receiptId ? *f.receiptId : QStringLiteral("-")) << '\n';
        m_err << "  kind:       " << ChainFailure::kindName(f.kind) << '\n';
        m_err << "  expected:   " << (f.expected.isEmpty() ? QStringLiteral("\"\"") : f.expected) << '\n';
        m_err << "  actual:     " << (f.actual.isEmpty() ? QStringLiteral("\"\"") : f.actual) << '\n';
        m_err << "  " << f.message << '\n';
        QStringList others;
        for (const auto &[id, result] : report.tenants()) {
            if (!result.verified() && id != tenant)
                others << (id.isEmpty() ? QStringLiteral("(no tenant_id)") : id);
        }
        if (!others.isEmpty())
            m_err << "  other tenants failing: " << others.join(QStringLiteral(", ")) << '\n';
        m_err.flush();
        return NotVerified;
    }
    if (empty) {
        m_err << "NO RECEIPTS: " << source << " holds no receipts; nothing was verified." << Qt::endl;
        return NotVerified;
    }
    m_out << "VERIFIED: " << report.count() << " receipt(s), chain intact." << '\n';
    if (report.tenants().size() > 1) {
        for (const auto &[id, result] : report.tenants()) {
            m_out << "  tenant " << (id.isEmpty() ? QStringLiteral("(no tenant_id)") : id) << ": " << result.count
                  << " receipt(s), head " << (result.headHash ? *result.headHash : QStringLiteral("-")) << '\n';
        }
    }
    m_out.flush();
    return Verified;
}

} // namespace aegis
