// aegis-bench-chain: the data and the baseline of bench/verify-chain.sh.
//
//   aegis-bench-chain make-db DB N TENANTS [signed]
//                                            N valid receipts over TENANTS chains,
//                                            signed (Ed25519) as with
//                                            AEGIS_RECEIPT_SIGNING_KEY when asked
//   aegis-bench-chain write-list DB OUT      every receipt as GET /v1/receipts
//                                            gives them ({"receipts":[...]})
//   aegis-bench-chain sha-baseline DB        raw SHA-256 over the canonical
//                                            bodies of every receipt in DB
//   aegis-bench-chain ed25519-baseline DB    raw Ed25519 checks of every
//                                            signature in DB, one thread
//
// The database is written by the test suite's ReceiptChainBuilder (the real
// migrations, receipts hashed by ReceiptBody as the gateway hashes them),
// so it verifies. The baseline times only the digests: the canonical bytes
// are made first, in chunks, by the same writer the verifier uses.

#include "common/db/SqliteStatement.h"
#include "common/receipts/EvidenceJson.h"
#include "common/receipts/ReceiptBody.h"
#include "common/receipts/ReceiptRowHasher.h"
#include "common/crypto/Ed25519Signature.h"
#include "tests/support/ReceiptChainBuilder.h"

#include <QCoreApplication>
#include <QFile>
#include <QTextStream>

#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

using namespace aegis;

namespace {

int usage()
{
    std::fprintf(stderr,
        "usage: aegis-bench-chain make-db DB N TENANTS [signed] | write-list DB OUT | sha-baseline DB |"
        " ed25519-baseline DB\n");
    return 2;
}

sqlite3 *openReadOnly(const char *path)
{
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        std::fprintf(stderr, "cannot open %s: %s\n", path, db ? sqlite3_errmsg(db) : "out of memory");
        sqlite3_close(db);
        return nullptr;
    }
    return db;
}

int makeDb(const QString &path, qint64 count, int tenants, bool signedReceipts)
{
    test::ReceiptChainBuilder builder(path);
    if (!builder.open()) {
        std::fprintf(stderr, "%s\n", qPrintable(builder.errorString()));
        return 1;
    }
    // "default" exists after the migrations; the others are bench-1, ...
    QStringList ids{QStringLiteral("default")};
    for (int t = 1; t < tenants; ++t) {
        ids << QStringLiteral("bench-%1").arg(t);
        if (!builder.addTenant(ids.last())) {
            std::fprintf(stderr, "%s\n", qPrintable(builder.errorString()));
            return 1;
        }
    }
    constexpr int Batch = 50000;
    for (int t = 0; t < tenants; ++t) {
        qint64 left = count / tenants + (t < count % tenants ? 1 : 0);
        while (left > 0) {
            const int now = int(std::min<qint64>(left, Batch));
            if (!builder.addReceipts(ids[t], now)) {
                std::fprintf(stderr, "%s\n", qPrintable(builder.errorString()));
                return 1;
            }
            left -= now;
        }
    }
    if (signedReceipts && !builder.signReceipts(QStringLiteral("bench:") + QString(64, QLatin1Char('7')))) {
        std::fprintf(stderr, "%s\n", qPrintable(builder.errorString()));
        return 1;
    }
    builder.close();
    return 0;
}

int writeList(const char *dbPath, const QString &out)
{
    sqlite3 *db = openReadOnly(dbPath);
    if (!db)
        return 1;
    QFile file(out);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        std::fprintf(stderr, "cannot write %s\n", qPrintable(out));
        return 1;
    }
    const QByteArray sql = "SELECT " + EvidenceJson::receiptColumns().toUtf8() + " FROM receipts ORDER BY tenant_id, seq";
    {
        SqliteStatement rows(db, sql.constData());
        if (!rows.isValid()) {
            std::fprintf(stderr, "%s\n", qPrintable(rows.error()));
            return 1;
        }
        file.write("{\"receipts\":[\n");
        bool first = true;
        while (rows.next()) {
            if (!first)
                file.write(",\n");
            first = false;
            file.write(EvidenceJson::serialize(EvidenceJson::receipt(rows)));
        }
        file.write("\n]}\n");
    }
    sqlite3_close(db);
    return file.flush() ? 0 : 1;
}

int shaBaseline(const char *dbPath)
{
    sqlite3 *db = openReadOnly(dbPath);
    if (!db)
        return 1;
    QByteArray sql = "SELECT ";
    const QByteArrayList &names = ReceiptBody::fieldNames();
    for (qsizetype i = 0; i < names.size(); ++i)
        sql += (i ? ", " : "") + names[i];
    sql += " FROM receipts ORDER BY tenant_id, seq";

    ReceiptRowHasher hasher;
    constexpr size_t ChunkBytes = 32 << 20;
    std::string chunk;
    chunk.reserve(ChunkBytes + 4096);
    std::vector<size_t> ends;
    std::array<char, 64> hex;
    qint64 messages = 0;
    qint64 bytes = 0;
    std::chrono::nanoseconds hashing{0};
    double cpuSeconds = 0;
    unsigned sink = 0;
    // CPU time of this thread next to the wall clock: on a shared machine
    // the wall clock also counts the time other people's builds had.
    const auto threadCpu = [] {
        timespec t{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
        return double(t.tv_sec) + double(t.tv_nsec) / 1e9;
    };
    const auto hashChunk = [&] {
        const double cpuStart = threadCpu();
        const auto start = std::chrono::steady_clock::now();
        size_t begin = 0;
        for (size_t end : ends) {
            hasher.sha256Hex(QByteArrayView(chunk.data() + begin, qsizetype(end - begin)), hex);
            sink += unsigned(hex[0]);
            begin = end;
        }
        hashing += std::chrono::steady_clock::now() - start;
        cpuSeconds += threadCpu() - cpuStart;
        messages += qint64(ends.size());
        bytes += qint64(chunk.size());
        chunk.clear();
        ends.clear();
    };
    {
        SqliteStatement rows(db, sql.constData());
        ReceiptRowHasher::Fields fields;
        while (rows.next()) {
            for (int i = 0; i < ReceiptRowHasher::FieldCount; ++i) {
                const QByteArrayView v = rows.view(i);
                fields[size_t(i)] = {v.data(), v.size()};
            }
            if (!hasher.canonicalize(fields)) {
                std::fprintf(stderr, "a receipt has no canonical form\n");
                return 1;
            }
            chunk.append(hasher.canonical().data(), size_t(hasher.canonical().size()));
            ends.push_back(chunk.size());
            if (chunk.size() >= ChunkBytes)
                hashChunk();
        }
    }
    hashChunk();
    sqlite3_close(db);
    const double seconds = std::chrono::duration<double>(hashing).count();
    // One line of key=value for the script; sink keeps the digests alive.
    std::printf("messages=%lld bytes=%lld seconds=%.6f rate=%.0f cpu_seconds=%.6f cpu_rate=%.0f mean_bytes=%.1f "
                "check=%u\n",
        messages, bytes, seconds, seconds > 0 ? double(messages) / seconds : 0.0, cpuSeconds,
        cpuSeconds > 0 ? double(messages) / cpuSeconds : 0.0, messages ? double(bytes) / double(messages) : 0.0,
        sink % 10);
    return 0;
}

int ed25519Baseline(const char *dbPath)
{
    sqlite3 *db = openReadOnly(dbPath);
    if (!db)
        return 1;
    std::vector<Ed25519Signature> signatures;
    std::vector<std::array<char, 64>> hashes;
    {
        SqliteStatement rows(db, "SELECT receipt_hash, signer_public_key, signature FROM receipts WHERE signature IS NOT NULL");
        while (rows.next()) {
            const auto signature = Ed25519Signature::fromHex(rows.view(1), rows.view(2));
            if (!signature || rows.view(0).size() != 64) {
                std::fprintf(stderr, "a signature is not hex\n");
                return 1;
            }
            signatures.push_back(*signature);
            hashes.emplace_back();
            std::memcpy(hashes.back().data(), rows.view(0).data(), 64);
        }
    }
    sqlite3_close(db);
    Ed25519Signature::Checker checker;
    timespec cpuStart{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpuStart);
    const auto start = std::chrono::steady_clock::now();
    qint64 good = 0;
    for (size_t i = 0; i < signatures.size(); ++i)
        good += checker.verify(signatures[i], QByteArrayView(hashes[i].data(), 64)) ? 1 : 0;
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    timespec cpuEnd{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpuEnd);
    const double cpu = double(cpuEnd.tv_sec - cpuStart.tv_sec) + double(cpuEnd.tv_nsec - cpuStart.tv_nsec) / 1e9;
    const double count = double(signatures.size());
    std::printf("messages=%zu good=%lld seconds=%.6f rate=%.0f cpu_seconds=%.6f cpu_rate=%.0f\n", signatures.size(), good,
        seconds, seconds > 0 ? count / seconds : 0.0, cpu, cpu > 0 ? count / cpu : 0.0);
    return good == qint64(signatures.size()) ? 0 : 1;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() >= 5 && args.size() <= 6 && args[1] == QLatin1String("make-db")
        && (args.size() == 5 || args[5] == QLatin1String("signed")))
        return makeDb(args[2], args[3].toLongLong(), args[4].toInt(), args.size() == 6);
    if (args.size() == 4 && args[1] == QLatin1String("write-list"))
        return writeList(argv[2], args[3]);
    if (args.size() == 3 && args[1] == QLatin1String("sha-baseline"))
        return shaBaseline(argv[2]);
    if (args.size() == 3 && args[1] == QLatin1String("ed25519-baseline"))
        return ed25519Baseline(argv[2]);
    return usage();
}
