#pragma once

#include "common/json/JsonValue.h"
#include "common/receipts/ReceiptRowHasher.h"
#include "common/receipts/ReceiptScanner.h"
#include "common/receipts/SignatureCheckPool.h"

#include <QByteArrayView>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace aegis {

class ChainVerifier;

// The second half of the file path: while the reading thread scans the
// next receipts, a worker hashes the canonical bodies the scanner wrote and
// hands each receipt to its chain's verifier, in the order read. Batches of
// a few thousand receipts go back and forth (two of them: one filling, one
// being verified), so memory stays flat and the two threads rarely wait on
// each other. On a single core the reading thread does both in turn.
//
// A receipt the fast lane does not take (ChainVerifier::addIntact says no:
// a failure to word) is parsed again from the input, whole and strictly,
// and goes to ChainVerifier::add, as it would have without the scanner.
// Signatures of the receipts it takes are checked by a SignatureCheckPool.
// The input must outlive the pipeline; every verifier added must outlive
// drain().
class ReceiptHashPipeline
{
public:
    // Signed receipts taken on the fast lane go to signatures.
    ReceiptHashPipeline(QByteArrayView input, SignatureCheckPool &signatures);
    ~ReceiptHashPipeline();
    ReceiptHashPipeline(const ReceiptHashPipeline &) = delete;
    ReceiptHashPipeline &operator=(const ReceiptHashPipeline &) = delete;

    // Scans the receipt at input[begin] into the batch being filled:
    // nullptr when the scanner declines it (nothing is added). Otherwise
    // the caller names the receipt's chain with take() next.
    const ReceiptScanner::Receipt *scan(qsizetype begin);
    // chain names the verifier's chain to the SignatureCheckPool.
    void take(ChainVerifier *verifier, qint64 chain);
    // Or forgets it: the caller will not verify it here.
    void dropScanned();
    // A receipt the parser read: verified by ChainVerifier::add, in turn.
    void addParsed(JsonValue &&receipt, ChainVerifier *verifier);
    // Returns when every receipt added so far has been verified.
    void drain();

private:
    struct Entry
    {
        ChainVerifier *verifier = nullptr;
        qint64 chain = 0;
        int parsed = -1; // index into Batch::parsed, or -1 for a scanned receipt
        ReceiptScanner::Receipt receipt;
        qsizetype textBegin = 0; // in the input
    };
    struct Batch
    {
        std::string bytes;
        std::vector<Entry> entries;
        std::vector<JsonValue> parsed;
        void clear();
    };
    void submitIfFull();
    void submit();
    void verify(Batch &batch, ReceiptRowHasher &hasher) const;
    void work();

    QByteArrayView m_input;
    SignatureCheckPool &m_signatures;
    ReceiptScanner m_scanner;
    std::unique_ptr<ReceiptRowHasher> m_inlineHasher; // no worker: this thread verifies
    Batch m_filling;
    Batch m_working;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    bool m_hasWork = false; // m_working waits for the worker
    bool m_stopping = false;
    std::thread m_worker;
};

} // namespace aegis
