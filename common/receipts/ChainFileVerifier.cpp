#include "common/receipts/ChainFileVerifier.h"

#include "common/json/JsonParser.h"
#include "common/receipts/ChainVerifier.h"
#include "common/receipts/ReceiptListShape.h"

#include <QFile>

#include <sys/mman.h>

#include <algorithm>
#include <map>
#include <memory>
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
// whether that order could differ from the chain order.
class InOrderSink : public JsonParser::ElementSink
{
public:
    InOrderSink(const ChainListVerifier::Options &options, PageRelease &release)
        : m_options(options)
        , m_release(release)
    {
    }

    void arrayStarted(const JsonValue &container) override
    {
        m_groups.clear();
        m_defaultTenant = container.value("tenant_id").toString();
        m_fullChain = m_options.fullChain || container.contains("canon_version");
    }

    bool element(JsonValue &&value, qsizetype, qsizetype end) override
    {
        const QString tenant = ReceiptListShape::groupOf(value, m_defaultTenant);
        auto it = m_groups.find(tenant);
        if (it == m_groups.end()) {
            const auto options = ChainListVerifier::groupOptions(tenant, m_fullChain, m_options);
            it = m_groups.emplace(tenant, std::make_unique<Group>(tenant, options)).first;
        }
        Group &group = *it->second;
        const auto seq = value.value("seq").toInt64();
        if (!seq) {
            group.allSeq = false;
        } else {
            if (group.lastSeq && *seq < *group.lastSeq)
                group.descending = true;
            group.lastSeq = seq;
        }
        group.verifier.add(value);
        m_release.passed(end);
        return true;
    }

    // The order read was the chain order of every group.
    bool inChainOrder(const ReceiptListShape &shape) const
    {
        if (shape.defaultTenant != m_defaultTenant || shape.fullChain != m_fullChain)
            return false;
        return std::none_of(m_groups.begin(), m_groups.end(),
            [](const auto &entry) { return entry.second->allSeq && entry.second->descending; });
    }

    ChainVerificationReport report()
    {
        ChainVerificationReport out;
        out.setEmptyMessage(QStringLiteral("no receipts given"));
        for (auto &[tenant, group] : m_groups) {
            group->verifier.finish();
            out.setTenant(tenant, group->verifier.result());
        }
        ChainListVerifier::addMissingTenants(out, m_options);
        return out;
    }

private:
    struct Group
    {
        Group(const QString &tenant, const ChainVerifier::Options &options)
            : verifier(tenant, options)
        {
        }
        ChainVerifier verifier;
        bool allSeq = true;
        bool descending = false;
        std::optional<qint64> lastSeq;
    };

    const ChainListVerifier::Options &m_options;
    PageRelease &m_release;
    QString m_defaultTenant;
    bool m_fullChain = false;
    std::map<QString, std::unique_ptr<Group>> m_groups;
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

    void arrayStarted(const JsonValue &) override { m_groups.clear(); }

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
    InOrderSink inOrder(options, release);
    JsonParser parser;
    parser.setAllowByteOrderMark(true);
    parser.setElementSink(&inOrder, "receipts");
    const auto skeleton = parser.parse(bytes);
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

    ChainVerificationReport report;
    report.setEmptyMessage(QStringLiteral("no receipts given"));
    for (auto &[tenant, entries] : index.groups()) {
        using Entry = IndexSink::Entry;
        if (std::all_of(entries.begin(), entries.end(), [](const Entry &e) { return e.hasSeq; }))
            std::stable_sort(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) { return a.seq < b.seq; });
        ChainVerifier verifier(tenant, ChainListVerifier::groupOptions(tenant, shape->fullChain, options));
        verifier.setReceiptCallback(options.onReceipt);
        for (const Entry &entry : entries) {
            // Parsed once already as part of the whole: it parses alone.
            const auto receipt = JsonParser::parseDocument(bytes.sliced(entry.begin, entry.end - entry.begin));
            verifier.add(receipt ? *receipt : JsonValue());
            rereading.touched(entry.end - entry.begin, bytes.size());
        }
        verifier.finish();
        report.setTenant(tenant, verifier.result());
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
