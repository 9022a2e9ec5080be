#include "common/receipts/DatabaseChainVerifier.h"

#include "common/db/ReadOnlyDatabase.h"
#include "common/db/SqliteStatement.h"

#include "common/db/ReadOnlyConnection.h"
#include "common/util/Timestamp.h"

#include <QFileInfo>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUrl>
#include <QVariant>

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

namespace aegis {

namespace {

constexpr qint64 PollEvery = 256;
constexpr qint64 ProgressEvery = 1000;

bool setError(QString *error, const QString &text)
{
    if (error)
        *error = text;
    return false;
}

// Stored ts values are RFC 3339 UTC with six fraction digits and "Z", so
// text comparison is time comparison once the bound has that form too.
// Fractions beyond microseconds are cut (stored times have none).
std::optional<QString> normalisedBound(const QString &text, const QString &name, QString *error)
{
    static const QRegularExpression utcForm(
        QStringLiteral(R"(^(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?[Zz]$)"));
    const QDateTime parsed = Timestamp::parse(text);
    if (!parsed.isValid()) {
        setError(error, QStringLiteral("%1 is not an RFC 3339 time: %2").arg(name, text));
        return std::nullopt;
    }
    const QRegularExpressionMatch m = utcForm.match(text);
    if (m.hasMatch()) {
        const QString fraction = m.captured(3).left(6).leftJustified(6, QLatin1Char('0'));
        return m.captured(1) + QLatin1Char('T') + m.captured(2) + QLatin1Char('.') + fraction + QLatin1Char('Z');
    }
    return Timestamp::micros(parsed);
}

} // namespace

DatabaseChainVerifier::DatabaseChainVerifier(Options options)
    : m_options(std::move(options))
{
}

std::optional<ChainVerificationReport> DatabaseChainVerifier::verifyFile(const QString &path, QString *error) const
{
    ReadOnlyDatabase database(path);
    if (!database.isOpen()) {
        setError(error, database.error());
        return std::nullopt;
    }
    // Workers open the file exactly as the caller's connection did.
    QString unusable;
    return verify(database.db(), ReadOnlyDatabase::uriFor(path, &unusable), error);
}

std::optional<ChainVerificationReport> DatabaseChainVerifier::verify(const QSqlDatabase &db, QString *error) const
{
    // A connection handed in is live (the gateway's): workers read it plain
    // read-only, through its write-ahead log, never as immutable. An
    // in-memory database has no file to open again: its chains go in turn.
    sqlite3 *handle = SqliteStatement::nativeHandle(db);
    const char *file = handle ? sqlite3_db_filename(handle, "main") : nullptr;
    const QString uri = file && *file
        ? QStringLiteral("file:") + QString::fromLatin1(QUrl::toPercentEncoding(QString::fromUtf8(file), "/"))
            + QStringLiteral("?mode=ro")
        : QString();
    return verify(db, uri, error);
}

std::optional<ChainVerificationReport> DatabaseChainVerifier::verify(const QSqlDatabase &db, const QString &workerUri,
    QString *error) const
{
    std::optional<QString> from;
    std::optional<QString> to;
    if (!m_options.from.isEmpty() && !(from = normalisedBound(m_options.from, QStringLiteral("from"), error)))
        return std::nullopt;
    if (!m_options.to.isEmpty() && !(to = normalisedBound(m_options.to, QStringLiteral("to"), error)))
        return std::nullopt;
    const bool ranged = from || to;

    QSqlQuery probe(db);
    if (!probe.exec(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'receipts'"))) {
        setError(error, QStringLiteral("not a readable SQLite database: %1").arg(ReadOnlyDatabase::describe(probe.lastError())));
        return std::nullopt;
    }
    if (!probe.next() || probe.value(0).toInt() != 1) {
        setError(error, QStringLiteral("not an Aegis database: it has no receipts table"));
        return std::nullopt;
    }
    const bool hasTenantsTable = probe.exec(QStringLiteral(
                                     "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'tenants'"))
        && probe.next() && probe.value(0).toInt() == 1;
    probe.finish();

    sqlite3 *handle = SqliteStatement::nativeHandle(db);
    if (!handle) {
        setError(error, QStringLiteral("not a readable SQLite database: no SQLite handle"));
        return std::nullopt;
    }

    std::set<QString> tenants;
    if (!m_options.tenantId.isEmpty()) {
        tenants.insert(m_options.tenantId);
    } else {
        SqliteStatement list(handle, hasTenantsTable ? "SELECT tenant_id FROM receipts UNION SELECT id FROM tenants"
                                                     : "SELECT DISTINCT tenant_id FROM receipts");
        while (list.isValid() && list.next())
            tenants.insert(list.text(0));
        if (!list.isValid() || list.failed()) {
            setError(error, QStringLiteral("cannot list tenants: %1").arg(list.error()));
            return std::nullopt;
        }
        if (!ranged) {
            for (const auto &entry : m_options.expectedHeads)
                tenants.insert(entry.first);
        }
    }

    TenantChainReader::Range range;
    range.from = from;
    range.to = to;
    std::vector<TenantJob> jobs;
    for (const QString &tenant : tenants) {
        TenantJob job;
        job.tenantId = tenant;
        job.options.requireGenesis = !ranged;
        if (!ranged) {
            const auto expected = m_options.expectedHeads.find(tenant);
            if (expected != m_options.expectedHeads.end())
                job.options.expectedHead = expected->second;
        }
        jobs.push_back(std::move(job));
    }

    // More connections only help with more than one chain, and a callback
    // per receipt wants the rows in tenant order.
    const bool parallel = jobs.size() > 1 && !m_options.onReceipt && !workerUri.isEmpty() && workerCount(jobs.size()) > 1;
    SignatureCheckPool signatures;
    const auto run = parallel ? verifyInParallel(workerUri, range, signatures, jobs, error)
                              : verifyInTurn(handle, range, signatures, jobs, error);
    if (!run)
        return std::nullopt;
    for (const auto &[chain, failure] : signatures.results())
        ChainVerifier::addLateFailure(jobs[size_t(chain)].result, failure);

    ChainVerificationReport report;
    report.setEmptyMessage(QStringLiteral("no receipts found"));
    for (const TenantJob &job : jobs) {
        if (job.started)
            report.setTenant(job.tenantId, job.result);
    }
    report.setCancelled(run->cancelled);
    return report;
}

std::optional<DatabaseChainVerifier::Run> DatabaseChainVerifier::verifyInTurn(sqlite3 *handle,
    const TenantChainReader::Range &range, SignatureCheckPool &signatures, std::vector<TenantJob> &jobs,
    QString *error) const
{
    TenantChainReader reader(handle, range, signatures);
    if (!reader.isValid()) {
        setError(error, QStringLiteral("cannot read receipts: %1").arg(reader.error()));
        return std::nullopt;
    }
    Run run;
    qint64 done = 0;
    const auto everyRow = [&] {
        ++done;
        if (m_options.progress && done % ProgressEvery == 0)
            m_options.progress(done);
        return !(m_options.cancelled && done % PollEvery == 0 && m_options.cancelled());
    };
    for (size_t i = 0; i < jobs.size(); ++i) {
        TenantJob &job = jobs[i];
        const auto outcome = reader.verify(qint64(i), job.tenantId, job.options, m_options.onReceipt, everyRow);
        if (outcome.error) {
            setError(error, QStringLiteral("cannot read receipts: %1").arg(*outcome.error));
            return std::nullopt;
        }
        job.started = true;
        job.result = outcome.result;
        if (outcome.stopped) {
            run.cancelled = true;
            return run;
        }
    }
    if (m_options.progress)
        m_options.progress(done);
    return run;
}

int DatabaseChainVerifier::workerCount(size_t chains)
{
    // Bounded by the cores: a worker per chain on a 2-core machine would
    // only add switching. Memory per worker is one connection's page cache.
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    return int(std::min<size_t>({chains, size_t(cores), size_t(MaxWorkers)}));
}

std::optional<DatabaseChainVerifier::Run> DatabaseChainVerifier::verifyInParallel(const QString &uri,
    const TenantChainReader::Range &range, SignatureCheckPool &signatures, std::vector<TenantJob> &jobs,
    QString *error) const
{
    // Workers take chains in turn and report rows in batches; this thread
    // calls progress and cancelled (the caller's callbacks stay on the
    // caller's thread) each time a batch lands.
    struct Shared
    {
        std::mutex mutex;
        std::condition_variable changed;
        qint64 done = 0;
        int running = 0;
        std::atomic<bool> stop{false};
        std::atomic<size_t> next{0};
        std::vector<std::optional<QString>> errors;
    } shared;
    shared.errors.resize(jobs.size());

    const auto report = [&shared](qint64 rows) {
        {
            const std::lock_guard<std::mutex> lock(shared.mutex);
            shared.done += rows;
        }
        shared.changed.notify_one();
    };
    const auto work = [&] {
        ReadOnlyConnection connection(uri);
        std::optional<TenantChainReader> reader;
        if (connection.isOpen())
            reader.emplace(connection.handle(), range, signatures);
        for (size_t i = shared.next++; i < jobs.size() && !shared.stop; i = shared.next++) {
            if (!connection.isOpen() || !reader->isValid()) {
                shared.errors[i] = connection.isOpen() ? reader->error() : connection.error();
                shared.stop = true;
                break;
            }
            qint64 pending = 0;
            const auto everyRow = [&] {
                if (++pending == ProgressEvery) {
                    report(pending);
                    pending = 0;
                    return !shared.stop;
                }
                return true;
            };
            const auto outcome = reader->verify(qint64(i), jobs[i].tenantId, jobs[i].options, {}, everyRow);
            report(pending);
            jobs[i].started = true;
            jobs[i].result = outcome.result;
            if (outcome.error) {
                shared.errors[i] = outcome.error;
                shared.stop = true;
            }
        }
        {
            const std::lock_guard<std::mutex> lock(shared.mutex);
            --shared.running;
        }
        shared.changed.notify_one();
    };

    const int count = workerCount(jobs.size());
    std::vector<std::thread> workers;
    shared.running = count;
    for (int i = 0; i < count; ++i)
        workers.emplace_back(work);

    Run run;
    qint64 reported = 0;
    std::unique_lock<std::mutex> lock(shared.mutex);
    for (;;) {
        shared.changed.wait(lock, [&] { return shared.done != reported || shared.running == 0; });
        const qint64 done = shared.done;
        const bool finished = shared.running == 0;
        lock.unlock();
        if (done / ProgressEvery != reported / ProgressEvery && m_options.progress)
            m_options.progress(done);
        reported = done;
        if (!finished && !shared.stop && m_options.cancelled && m_options.cancelled()) {
            shared.stop = true;
            run.cancelled = true;
        }
        lock.lock();
        if (finished && shared.done == reported)
            break;
    }
    lock.unlock();
    for (std::thread &worker : workers)
        worker.join();

    for (const auto &failure : shared.errors) {
        if (failure) {
            setError(error, QStringLiteral("cannot read receipts: %1").arg(*failure));
            return std::nullopt;
        }
    }
    if (m_options.progress && !run.cancelled)
        m_options.progress(reported);
    return run;
}

} // namespace aegis
