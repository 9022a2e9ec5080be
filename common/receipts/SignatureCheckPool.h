#pragma once

#include "common/receipts/ChainFailure.h"
#include "common/crypto/Ed25519Signature.h"

#include <QByteArrayView>

#include <array>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace aegis {

// Checks the signatures of receipts that the chain verifiers took on their
// fast lane, on one thread per core, while the chains go on being read:
// an Ed25519 check costs a hundred times a receipt's hash, so signed
// chains are bound by these threads. The queue is bounded (the readers wait
// when it is full), so memory stays flat. Threads start with the first
// signed receipt: unsigned chains cost nothing.
//
// A chain is named by a number of the caller's; results() gives, per chain,
// the failure of the lowest index (ChainVerifier::addLateFailure merges it).
// Safe to call from several threads.
class SignatureCheckPool
{
public:
    SignatureCheckPool();
    ~SignatureCheckPool();
    SignatureCheckPool(const SignatureCheckPool &) = delete;
    SignatureCheckPool &operator=(const SignatureCheckPool &) = delete;

    struct Receipt
    {
        qint64 chain = 0;
        qint64 index = 0;
        std::optional<qint64> seq;
        QByteArrayView receiptId;
        QByteArrayView receiptHash; // the signed text, as stated
        QByteArrayView publicKeyHex;
        QByteArrayView signatureHex;
    };
    // Copies what it needs: the views may go when it returns.
    void check(const Receipt &receipt);
    // Waits for every check, then the lowest-index failure of each chain.
    std::map<qint64, ChainFailure> results();

    // The failure a bad signature is reported as (also by ChainVerifier::add).
    static ChainFailure failure(qint64 index, std::optional<qint64> seq, const QString &receiptId,
        const QString &publicKeyHex, const QString &signatureHex);

private:
    struct Job
    {
        qint64 chain = 0;
        qint64 index = 0;
        std::optional<qint64> seq;
        std::string receiptId;
        std::array<char, 64> hash{};
        qsizetype hashSize = 0;
        Ed25519Signature signature;
        // As given, for the failure's words.
        std::array<char, 64> publicKeyHex{};
        std::array<char, 128> signatureHex{};
    };

    void work();
    void fail(const Job &job);

    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<Job> m_queue;
    int m_busy = 0;
    bool m_stopping = false;
    std::vector<std::thread> m_workers;
    std::map<qint64, ChainFailure> m_failures;
};

} // namespace aegis
