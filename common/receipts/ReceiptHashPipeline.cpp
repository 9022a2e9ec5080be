#include "common/receipts/ReceiptHashPipeline.h"

#include "common/json/JsonParser.h"
#include "common/receipts/ChainVerifier.h"

#include <array>
#include <utility>

namespace aegis {

namespace {

// A batch is handed over when it has this many receipts or bytes: big
// enough that the hand-over costs nothing per receipt, small enough to
// stay in the caches and keep memory flat.
constexpr size_t BatchEntries = 4096;
constexpr size_t BatchBytes = 4 << 20;

} // namespace

void ReceiptHashPipeline::Batch::clear()
{
    bytes.clear(); // each keeps its capacity
    entries.clear();
    parsed.clear();
}

ReceiptHashPipeline::ReceiptHashPipeline(QByteArrayView input, SignatureCheckPool &signatures)
    : m_input(input)
    , m_signatures(signatures)
{
    if (std::thread::hardware_concurrency() < 2)
        m_inlineHasher = std::make_unique<ReceiptRowHasher>();
}

ReceiptHashPipeline::~ReceiptHashPipeline()
{
    if (!m_worker.joinable())
        return;
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_changed.wait(lock, [this] { return !m_hasWork; });
        m_stopping = true;
    }
    m_changed.notify_all();
    m_worker.join();
}

const ReceiptScanner::Receipt *ReceiptHashPipeline::scan(qsizetype begin)
{
    Entry entry;
    if (!m_scanner.scan(m_input, begin, m_filling.bytes, entry.receipt))
        return nullptr;
    entry.textBegin = begin;
    m_filling.entries.push_back(entry);
    return &m_filling.entries.back().receipt;
}

void ReceiptHashPipeline::take(ChainVerifier *verifier, qint64 chain)
{
    m_filling.entries.back().verifier = verifier;
    m_filling.entries.back().chain = chain;
    submitIfFull();
}

void ReceiptHashPipeline::dropScanned()
{
    m_filling.bytes.resize(size_t(m_filling.entries.back().receipt.bodyBegin));
    m_filling.entries.pop_back();
}

void ReceiptHashPipeline::addParsed(JsonValue &&receipt, ChainVerifier *verifier)
{
    Entry entry;
    entry.verifier = verifier;
    entry.parsed = int(m_filling.parsed.size());
    m_filling.parsed.push_back(std::move(receipt));
    m_filling.entries.push_back(entry);
    submitIfFull();
}

void ReceiptHashPipeline::submitIfFull()
{
    if (m_filling.entries.size() >= BatchEntries || m_filling.bytes.size() >= BatchBytes)
        submit();
}

void ReceiptHashPipeline::submit()
{
    if (m_filling.entries.empty())
        return;
    if (m_inlineHasher) {
        verify(m_filling, *m_inlineHasher);
        m_filling.clear();
        return;
    }
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        if (!m_worker.joinable())
            m_worker = std::thread([this] { work(); });
        m_changed.wait(lock, [this] { return !m_hasWork; });
        std::swap(m_filling, m_working);
        m_hasWork = true;
    }
    m_changed.notify_all();
    m_filling.clear();
}

void ReceiptHashPipeline::drain()
{
    submit();
    std::unique_lock<std::mutex> lock(m_mutex);
    m_changed.wait(lock, [this] { return !m_hasWork; });
}

void ReceiptHashPipeline::work()
{
    ReceiptRowHasher hasher;
    std::unique_lock<std::mutex> lock(m_mutex);
    for (;;) {
        m_changed.wait(lock, [this] { return m_hasWork || m_stopping; });
        if (!m_hasWork)
            return;
        lock.unlock();
        verify(m_working, hasher);
        lock.lock();
        m_hasWork = false;
        m_changed.notify_all();
    }
}

void ReceiptHashPipeline::verify(Batch &batch, ReceiptRowHasher &hasher) const
{
    std::array<char, 64> recomputed;
    const char *bytes = batch.bytes.data();
    for (const Entry &entry : batch.entries) {
        if (entry.parsed >= 0) {
            entry.verifier->add(batch.parsed[size_t(entry.parsed)]);
            continue;
        }
        const ReceiptScanner::Receipt &r = entry.receipt;
        hasher.sha256Hex(QByteArrayView(bytes + r.bodyBegin, r.bodyEnd - r.bodyBegin), recomputed);
        ChainVerifier::StoredReceipt stored;
        stored.seq = r.seq;
        stored.hasSeq = r.hasSeq;
        stored.receiptHash = QByteArrayView(bytes + r.hashAt, 64);
        stored.prevReceiptHash = QByteArrayView(bytes + r.prevAt, r.prevSize);
        if (r.eventIdAt >= 0)
            stored.eventId = QByteArrayView(bytes + r.eventIdAt, r.eventIdSize);
        stored.recomputedHash = &recomputed;
        if (entry.verifier->addIntact(stored)) {
            if (r.hasSignature) {
                SignatureCheckPool::Receipt signedReceipt;
                signedReceipt.chain = entry.chain;
                signedReceipt.index = entry.verifier->count() - 1;
                if (r.hasSeq)
                    signedReceipt.seq = r.seq;
                signedReceipt.receiptId = stored.eventId;
                signedReceipt.receiptHash = stored.receiptHash;
                signedReceipt.signatureHex = QByteArrayView(bytes + r.signatureAt, r.signatureSize);
                signedReceipt.publicKeyHex = QByteArrayView(bytes + r.publicKeyAt, r.publicKeySize);
                m_signatures.check(signedReceipt);
            }
            continue;
        }
        // Something to record: the general path reads it and says what.
        const auto parsed = JsonParser::parseDocument(m_input.sliced(entry.textBegin, r.end - entry.textBegin));
        entry.verifier->add(parsed ? *parsed : JsonValue());
    }
}

} // namespace aegis
