#include "common/receipts/SignatureCheckPool.h"

#include <algorithm>
#include <cstring>

namespace aegis {

namespace {

// Enough to keep every thread busy between two wake-ups; a job is a few
// hundred bytes.
constexpr size_t QueueLimit = 4096;

} // namespace

SignatureCheckPool::SignatureCheckPool() = default;

SignatureCheckPool::~SignatureCheckPool()
{
    {
        const std::lock_guard<std::mutex> lock(m_mutex);
        m_stopping = true;
        m_queue.clear();
    }
    m_changed.notify_all();
    for (std::thread &worker : m_workers)
        worker.join();
}

ChainFailure SignatureCheckPool::failure(qint64 index, std::optional<qint64> seq, const QString &receiptId,
    const QString &publicKeyHex, const QString &signatureHex)
{
    ChainFailure out;
    out.kind = ChainFailure::Kind::BadSignature;
    out.index = index;
    out.seq = seq;
    if (!receiptId.isEmpty())
        out.receiptId = receiptId;
    out.expected = QStringLiteral("(an Ed25519 signature of the receipt_hash by %1)")
                       .arg(publicKeyHex.isEmpty() ? QStringLiteral("(no signer_public_key)") : publicKeyHex.left(64));
    out.actual = signatureHex.left(128);
    out.message = QStringLiteral("Receipt at index %1 carries a signature that its signer_public_key does not "
                                 "verify: the receipt or its signature was changed after signing.")
                      .arg(index);
    return out;
}

void SignatureCheckPool::fail(const Job &job)
{
    // Under m_mutex.
    const auto it = m_failures.find(job.chain);
    if (it != m_failures.end() && it->second.index <= job.index)
        return;
    m_failures[job.chain] = failure(job.index, job.seq,
        QString::fromUtf8(job.receiptId.data(), qsizetype(job.receiptId.size())),
        QString::fromLatin1(job.publicKeyHex.data(), qsizetype(job.publicKeyHex.size())),
        QString::fromLatin1(job.signatureHex.data(), qsizetype(job.signatureHex.size())));
}

void SignatureCheckPool::check(const Receipt &receipt)
{
    Job job;
    job.chain = receipt.chain;
    job.index = receipt.index;
    job.seq = receipt.seq;
    job.receiptId.assign(receipt.receiptId.data() ? receipt.receiptId.data() : "", size_t(receipt.receiptId.size()));
    const auto signature = Ed25519Signature::fromHex(receipt.publicKeyHex, receipt.signatureHex);
    std::unique_lock<std::mutex> lock(m_mutex);
    if (!signature || receipt.receiptHash.size() > qsizetype(job.hash.size())) {
        // Not even hex: no need for a thread to say it does not verify.
        const auto it = m_failures.find(job.chain);
        if (it == m_failures.end() || it->second.index > job.index) {
            m_failures[job.chain] = failure(job.index, job.seq, QString::fromStdString(job.receiptId),
                QString::fromUtf8(receipt.publicKeyHex), QString::fromUtf8(receipt.signatureHex));
        }
        return;
    }
    job.signature = *signature;
    std::memcpy(job.publicKeyHex.data(), receipt.publicKeyHex.data(), job.publicKeyHex.size());
    std::memcpy(job.signatureHex.data(), receipt.signatureHex.data(), job.signatureHex.size());
    job.hashSize = receipt.receiptHash.size();
    std::memcpy(job.hash.data(), receipt.receiptHash.data(), size_t(job.hashSize));
    if (m_workers.empty()) {
        const unsigned count = std::max(1u, std::thread::hardware_concurrency());
        for (unsigned i = 0; i < count; ++i)
            m_workers.emplace_back([this] { work(); });
    }
    m_changed.wait(lock, [this] { return m_queue.size() < QueueLimit; });
    m_queue.push_back(std::move(job));
    lock.unlock();
    m_changed.notify_all();
}

void SignatureCheckPool::work()
{
    Ed25519Signature::Checker checker;
    std::unique_lock<std::mutex> lock(m_mutex);
    for (;;) {
        m_changed.wait(lock, [this] { return !m_queue.empty() || m_stopping; });
        if (m_queue.empty())
            return;
        Job job = std::move(m_queue.front());
        m_queue.pop_front();
        ++m_busy;
        lock.unlock();
        m_changed.notify_all(); // room in the queue
        const bool good = checker.verify(job.signature, QByteArrayView(job.hash.data(), job.hashSize));
        lock.lock();
        --m_busy;
        if (!good)
            fail(job);
        if (m_queue.empty() && m_busy == 0)
            m_changed.notify_all();
    }
}

std::map<qint64, ChainFailure> SignatureCheckPool::results()
{
    std::unique_lock<std::mutex> lock(m_mutex);
    m_changed.wait(lock, [this] { return m_queue.empty() && m_busy == 0; });
    return m_failures;
}

} // namespace aegis
