#include "common/receipts/ChainFileVerifier.h"

#include "common/json/JsonParser.h"
#include "common/receipts/ChainVerifier.h"
#include "common/receipts/ReceiptHashPipeline.h"
#include "common/receipts/ReceiptListShape.h"
#include "common/receipts/ReceiptScanner.h"
#include "common/receipts/SignatureCheckPool.h"

#include <QFile>

#include <sys/mman.h>

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace aegis {

namespace {

// Gives back the pages of a mapped file that the parser has left behind:
// mapped pages count in the process's resident set, and a file read front
// to back would otherwise end up resident whole.
class PageRelease
{
public:
    static constexpr qsizetype Every = 16 << 20;

    PageRelease(const char *base, bool mapped)
        : m_base(base)
        , m_mapped(mapped)
    {
    }

    // Everything before offset is done with.
    void passed(qsizetype offset)
    {
        if (!m_mapped || offset - m_released < Every)
            return;
        const qsizetype page = 4096;
        const qsizetype upTo = offset / page * page;
        ::madvise(const_cast<char *>(m_base) + m_released, size_t(upTo - m_released), MADV_DONTNEED);
        m_released = upTo;
    }
    // Random reads: after enough bytes, drop every page again.
    void touched(qsizetype bytes, qsizetype total)
    {
        if (!m_mapped)
            return;
        m_touched += bytes;
        if (m_touched < Every)
            return;
        ::madvise(const_cast<char *>(m_base), size_t(total), MADV_DONTNEED);
        m_touched = 0;
    }

private:
    const char *m_base;
    bool m_mapped;
    qsizetype m_released = 0;
    qsizetype m_touched = 0;
};

// Pass one: verifies each group in the order its receipts come, and notes
// whether that order could differ from the chain order. Receipts the
// scanner takes skip the JsonValue; the pipeline hashes and verifies them
// on a second thread (ReceiptHashPipeline).
class InOrderSink : public JsonParser::ElementSink
{
public:
    InOrderSink(QByteArrayView input, const ChainListVerifier::Options &options, PageRelease &release)
        : m_options(options)
        , m_release(release)
        , m_pipeline(input, m_signatures)
    {
    }

    void arrayStarted(const JsonValue &container) override
    {
        // A second "receipts" replaces the first: its verifiers go.
        m_pipeline.drain();
        m_lastGroup = nullptr;
        m_groups.clear();
        m_defaultTenant = container.value("tenant_id").toString();
        m_fullChain = m_options.fullChain || container.contains("canon_version");
    }

    qsizetype claim(QByteArrayView, qsizetype begin) override
    {
        const ReceiptScanner::Receipt *receipt = m_pipeline.scan(begin);
        if (!receipt)
            return -1;
        Group &group = scannedGroup(*receipt);
        noteSeq(group, receipt->hasSeq ? std::optional<qint64>(receipt->seq) : std::nullopt);
        const qsizetype end = receipt->end;
        if (group.skipped)
            m_pipeline.dropScanned();
        else
            m_pipeline.take(&group.verifier, group.chain);
        m_release.passed(end);
        return end;
    }

    bool element(JsonValue &&value, qsizetype, qsizetype end) override
    {
        Group &group = groupFor(ReceiptListShape::groupOf(value, m_defaultTenant));
        noteSeq(group, value.value("seq").toInt64());
        if (!group.skipped)
            m_pipeline.addParsed(std::move(value), &group.verifier);
        m_release.passed(end);
        return true;
    }

    // Every receipt read has been verified (call before reading results).
    void drain() { m_pipeline.drain(); }

    // The order read was the chain order of every group.
    bool inChainOrder(const ReceiptListShape &shape) const
    {
        if (shape.defaultTenant != m_defaultTenant || shape.fullChain != m_fullChain)
            return false;
        return std::none_of(m_groups.begin(), m_groups.end(),
            [](const auto &entry) { return entry.second->skipped; });
    }

    ChainVerificationReport report()
    {
        m_pipeline.drain();
        const auto badSignatures = m_signatures.results();
        ChainVerificationReport out;
        out.setEmptyMessage(QStringLiteral("no receipts given"));
        for (auto &[tenant, group] : m_groups) {
            group->verifier.finish();
            TenantChainResult result = group->verifier.result();
            if (const auto bad = badSignatures.find(group->chain); bad != badSignatures.end())
                ChainVerifier::addLateFailure(result, bad->second);
            out.setTenant(tenant, result);
        }
        ChainListVerifier::addMissingTenants(out, m_options);
        return out;
    }

private:
    struct Group
    {
        Group(const QString &tenant, const ChainVerifier::Options &options, qint64 number)
            : verifier(tenant, options)
            , chain(number)
        {
        }
        ChainVerifier verifier;
        qint64 chain; // its name in m_signatures
        bool allSeq = true;
        bool descending = false;
        // Its seqs went down: pass two verifies it in seq order (or in the
        // order given, should a receipt without seq come), so pass one
        // stops verifying it (a newest-first page would fail every link).
        bool skipped = false;
        std::optional<qint64> lastSeq;
    };

    Group &groupFor(const QString &tenant)
    {
        auto it = m_groups.find(tenant);
        if (it == m_groups.end()) {
            const auto options = ChainListVerifier::groupOptions(tenant, m_fullChain, m_options);
            it = m_groups.emplace(tenant, std::make_unique<Group>(tenant, options, m_nextChain++)).first;
            // Rows to report come from pass two, tenant by tenant.
            it->second->skipped = bool(m_options.onReceipt);
        }
        return *it->second;
    }

    // Receipts of one tenant mostly come together: the last group is
    // remembered by its tenant_id bytes, so that most receipts make no
    // QString.
    Group &scannedGroup(const ReceiptScanner::Receipt &receipt)
    {
        const QByteArrayView tenant = receipt.hasTenant ? receipt.tenant : QByteArrayView();
        if (m_lastGroup && m_lastHasTenant == receipt.hasTenant && QByteArrayView(m_lastTenant) == tenant)
            return *m_lastGroup;
        Group &group = groupFor(receipt.hasTenant ? QString::fromUtf8(tenant) : m_defaultTenant);
        m_lastGroup = &group;
        m_lastHasTenant = receipt.hasTenant;
        m_lastTenant = tenant.toByteArray();
        return group;
    }

    static void noteSeq(Group &group, std::optional<qint64> seq)
    {
        if (!seq) {
            group.allSeq = false;
        } else {
            if (group.lastSeq && *seq < *group.lastSeq)
                group.descending = true;
            group.lastSeq = seq;
        }
        if (group.allSeq && group.descending)
            group.skipped = true;
    }

    const ChainListVerifier::Options &m_options;
    PageRelease &m_release;
    QString m_defaultTenant;
    bool m_fullChain = false;
    std::map<QString, std::unique_ptr<Group>> m_groups;
    Group *m_lastGroup = nullptr;
    bool m_lastHasTenant = false;
    QByteArray m_lastTenant;
    qint64 m_nextChain = 0; // never reused, even when "receipts" comes twice
    // Last: they are stopped before the verifiers they feed go.
    SignatureCheckPool m_signatures;
    ReceiptHashPipeline m_pipeline;
};

// Pass two, when needed: where each receipt is, its group and its seq.
class IndexSink : public JsonParser::ElementSink
{
public:
    struct Entry
    {
        qsizetype begin = 0;
        qsizetype end = 0;
        qint64 seq = 0;
        bool hasSeq = false;
    };

    IndexSink(const QString &defaultTenant, PageRelease &release)
        : m_defaultTenant(defaultTenant)
        , m_release(release)
    {
    }

    void arrayStarted(const JsonValue &) override
    {
        m_groups.clear();
        m_lastGroup = nullptr;
    }

    // The scanner reads seq and tenant_id without a JsonValue.
    qsizetype claim(QByteArrayView data, qsizetype begin) override
    {
        m_scratch.clear();
        ReceiptScanner::Receipt receipt;
        if (!m_scanner.scan(data, begin, m_scratch, receipt))
            return -1;
        const QByteArrayView tenant = receipt.hasTenant ? receipt.tenant : QByteArrayView();
        if (!m_lastGroup || m_lastHasTenant != receipt.hasTenant || QByteArrayView(m_lastTenant) != tenant) {
            m_lastGroup = &m_groups[receipt.hasTenant ? QString::fromUtf8(tenant) : m_defaultTenant];
            m_lastHasTenant = receipt.hasTenant;
            m_lastTenant = tenant.toByteArray();
        }
        m_lastGroup->push_back(Entry{begin, receipt.end, receipt.seq, receipt.hasSeq});
        m_release.passed(receipt.end);
        return receipt.end;
    }

    bool element(JsonValue &&value, qsizetype begin, qsizetype end) override
    {
        Entry entry;
        entry.begin = begin;
        entry.end = end;
        if (const auto seq = value.value("seq").toInt64()) {
            entry.seq = *seq;
            entry.hasSeq = true;
        }
        m_groups[ReceiptListShape::groupOf(value, m_defaultTenant)].push_back(entry);
        m_release.passed(end);
        return true;
    }

    std::map<QString, std::vector<Entry>> &groups() { return m_groups; }

private:
    QString m_defaultTenant;
    PageRelease &m_release;
    std::map<QString, std::vector<Entry>> m_groups;
    ReceiptScanner m_scanner;
    std::string m_scratch;
    std::vector<Entry> *m_lastGroup = nullptr; // map nodes stay put
    bool m_lastHasTenant = false;
    QByteArray m_lastTenant;
};

std::optional<ChainVerificationReport> verifyMapped(QByteArrayView bytes, bool mapped,
    const ChainListVerifier::Options &options, ChainFileVerifier::Error *error)
{
    const auto fail = [error](ChainFileVerifier::Failure failure, const QString &text) {
        if (error)
            *error = {failure, text};
        return std::nullopt;
    };

    PageRelease release(bytes.data(), mapped);
    InOrderSink inOrder(bytes, options, release);
    JsonParser parser;
    parser.setAllowByteOrderMark(true);
    parser.setElementSink(&inOrder, "receipts");
    const auto skeleton = parser.parse(bytes);
    inOrder.drain();
    if (!skeleton)
        return fail(ChainFileVerifier::Failure::InvalidJson, parser.errorString());
    QString why;
    const auto shape = ReceiptListShape::of(*skeleton, options.fullChain, &why);
    if (!shape)
        return fail(ChainFileVerifier::Failure::WrongShape, why);
    if (!options.onReceipt && inOrder.inChainOrder(*shape))
        return inOrder.report();

    PageRelease rereading(bytes.data(), mapped); // from the start again
    IndexSink index(shape->defaultTenant, rereading);
    JsonParser indexer;
    indexer.setAllowByteOrderMark(true);
    indexer.setElementSink(&index, "receipts");
    if (!indexer.parse(bytes))
        return fail(ChainFileVerifier::Failure::InvalidJson, indexer.errorString());

    // Group by group in chain order. Without rows to report, through the
    // scanner and the pipeline as in pass one; with them, every receipt in
    // turn on this thread (the callback's).
    std::vector<std::unique_ptr<ChainVerifier>> verifiers;
    SignatureCheckPool signatures;
    {
        ReceiptHashPipeline pipeline(bytes, signatures);
        for (auto &[tenant, entries] : index.groups()) {
            using Entry = IndexSink::Entry;
            if (std::all_of(entries.begin(), entries.end(), [](const Entry &e) { return e.hasSeq; }))
                std::stable_sort(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) { return a.seq < b.seq; });
            const qint64 chain = qint64(verifiers.size());
            ChainVerifier &verifier = *verifiers.emplace_back(std::make_unique<ChainVerifier>(tenant,
                ChainListVerifier::groupOptions(tenant, shape->fullChain, options)));
            verifier.setReceiptCallback(options.onReceipt);
            for (const Entry &entry : entries) {
                rereading.touched(entry.end - entry.begin, bytes.size());
                if (!options.onReceipt && pipeline.scan(entry.begin)) {
                    pipeline.take(&verifier, chain);
                    continue;
                }
                // Parsed once already as part of the whole: it parses alone.
                auto receipt = JsonParser::parseDocument(bytes.sliced(entry.begin, entry.end - entry.begin));
                if (options.onReceipt)
                    verifier.add(receipt ? *receipt : JsonValue());
                else
                    pipeline.addParsed(receipt ? std::move(*receipt) : JsonValue(), &verifier);
            }
        }
        pipeline.drain();
    }
    const auto badSignatures = signatures.results();
    ChainVerificationReport report;
    report.setEmptyMessage(QStringLiteral("no receipts given"));
    for (size_t chain = 0; chain < verifiers.size(); ++chain) {
        ChainVerifier &verifier = *verifiers[chain];
        verifier.finish();
        TenantChainResult result = verifier.result();
        if (const auto bad = badSignatures.find(qint64(chain)); bad != badSignatures.end())
            ChainVerifier::addLateFailure(result, bad->second);
        report.setTenant(verifier.tenantId(), result);
    }
    ChainListVerifier::addMissingTenants(report, options);
    return report;
}

} // namespace

std::optional<ChainVerificationReport> ChainFileVerifier::verifyBytes(QByteArrayView bytes,
    const ChainListVerifier::Options &options, Error *error)
{
    return verifyMapped(bytes, false, options, error);
}

std::optional<ChainVerificationReport> ChainFileVerifier::verifyFile(const QString &path,
    const ChainListVerifier::Options &options, Error *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = {Failure::Unreadable, file.errorString()};
        return std::nullopt;
    }
    const qint64 size = file.size();
    if (size > 0) {
        if (uchar *mapped = file.map(0, size)) {
            ::madvise(mapped, size_t(size), MADV_SEQUENTIAL);
            return verifyMapped(QByteArrayView(reinterpret_cast<const char *>(mapped), size), true, options, error);
        }
    }
    // Empty, or not mappable (a pipe, a special file): read it whole.
    const QByteArray bytes = file.readAll();
    if (file.error() != QFileDevice::NoError) {
        if (error)
            *error = {Failure::Unreadable, file.errorString()};
        return std::nullopt;
    }
    return verifyBytes(bytes, options, error);
}

} // namespace aegis
