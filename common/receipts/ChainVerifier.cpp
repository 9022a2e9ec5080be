#include "common/receipts/ChainVerifier.h"

#include "common/json/CanonicalJson.h"
#include "common/receipts/ReceiptHasher.h"
#include "common/crypto/Ed25519Signature.h"
#include "common/receipts/SignatureCheckPool.h"

#include <algorithm>
#include <cstring>

namespace aegis {

namespace {

bool isHex64(QByteArrayView text)
{
    if (text.size() != 64)
        return false;
    for (char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            return false;
    }
    return true;
}

QString typeName(const JsonValue &value)
{
    switch (value.type()) {
    case JsonValue::Type::Null:
        return QStringLiteral("null");
    case JsonValue::Type::Bool:
        return QStringLiteral("a boolean");
    case JsonValue::Type::Number:
        return QStringLiteral("a number");
    case JsonValue::Type::String:
        return QStringLiteral("a string");
    case JsonValue::Type::Array:
        return QStringLiteral("an array");
    case JsonValue::Type::Object:
        return QStringLiteral("an object");
    }
    return QString();
}

// How a value is shown in expected/actual: strings as they are, anything
// else as a short description.
QString shown(const JsonValue *value)
{
    if (!value)
        return QStringLiteral("(missing)");
    if (value->isString())
        return value->toString();
    if (value->isNumber())
        return QString::fromLatin1(value->numberText().left(64));
    return QStringLiteral("(%1)").arg(typeName(*value));
}

// The value as JSON text, where a string and a number must look different.
QString jsonText(const JsonValue &value)
{
    const auto text = CanonicalJson::serialize(value);
    return text ? QString::fromUtf8(text->left(80)) : shown(&value);
}

QString textOf(const JsonValue &value)
{
    return value.isString() ? value.toString() : QString();
}

} // namespace

ChainVerifier::ChainVerifier(const QString &tenantId, Options options)
    : m_tenantId(tenantId)
    , m_options(std::move(options))
{
    if (m_options.expectedHead)
        m_expectedHeadHash = m_options.expectedHead->receiptHash.toUtf8();
}

ChainVerifier::ChainVerifier(const QString &tenantId)
    : ChainVerifier(tenantId, Options())
{
}

void ChainVerifier::record(ReceiptCheck &check, ChainFailure::Kind kind, const QString &expected,
    const QString &actual, const QString &message)
{
    // Own-hash failures outrank link failures in a row's status.
    ReceiptCheck::Status status = ReceiptCheck::Status::Broken;
    if (kind == ChainFailure::Kind::Malformed)
        status = ReceiptCheck::Status::Malformed;
    else if (kind == ChainFailure::Kind::HashMismatch || kind == ChainFailure::Kind::BadSignature)
        status = ReceiptCheck::Status::Tampered;
    if (check.status == ReceiptCheck::Status::Ok || status == ReceiptCheck::Status::Malformed)
        check.status = status;

    if (m_result.firstFailure)
        return;
    ChainFailure failure;
    failure.kind = kind;
    failure.index = check.index;
    failure.seq = check.seq;
    // Where the receipt sits after its predecessor names a gap or a reorder;
    // a bad signature is the receipt's own fault (and the parallel checker,
    // which sees no neighbours, must report it the same way).
    if (kind != ChainFailure::Kind::BadSignature)
        failure.previousSeq = m_prevSeq;
    if (!check.receiptId.isEmpty())
        failure.receiptId = check.receiptId;
    failure.expected = expected;
    failure.actual = actual;
    failure.message = message;
    m_result.firstFailure = failure;
}

void ChainVerifier::flushHead() const
{
    if (!m_headPending)
        return;
    m_headPending = false;
    m_result.headHash = QString::fromLatin1(m_headHash.data(), qsizetype(m_headHash.size()));
    if (m_headHasSeq)
        m_result.headSeq = m_headSeq;
    else
        m_result.headSeq.reset();
    m_result.headReceiptId = QString::fromUtf8(m_headReceiptId.data(), qsizetype(m_headReceiptId.size()));
}

bool ChainVerifier::addIntact(const StoredReceipt &receipt)
{
    // Equal to the recomputed hash is also 64 lowercase hex: no separate
    // character check (it cost more than the comparison).
    if (m_callback || !receipt.recomputedHash || (receipt.hasSeq && receipt.seq < 1)
        || receipt.receiptHash.size() != 64
        || std::memcmp(receipt.recomputedHash->data(), receipt.receiptHash.data(), 64) != 0)
        return false;
    if (receipt.prevReceiptHash.data() == nullptr)
        return false;
    if (m_result.count == 0) {
        const bool genesis = m_options.requireGenesis || (receipt.hasSeq && receipt.seq == 1);
        if (genesis && !receipt.prevReceiptHash.isEmpty())
            return false;
        if (m_options.requireGenesis && receipt.hasSeq && receipt.seq != 1)
            return false;
    } else {
        if (m_hasPrevHash && QByteArrayView(m_prevHash.data(), 64) != receipt.prevReceiptHash)
            return false;
        if (receipt.hasSeq && m_prevSeq && receipt.seq != *m_prevSeq + 1)
            return false;
    }
    // As in add(): a whole chain without seq fields counts positions.
    const auto &expected = m_options.expectedHead;
    const bool hasPosition = receipt.hasSeq || m_options.requireGenesis;
    const qint64 position = receipt.hasSeq ? receipt.seq : m_result.count + 1;
    const bool atExpectedHead = expected && expected->seq && hasPosition && position == *expected->seq;
    if (atExpectedHead && QByteArrayView(m_expectedHeadHash) != receipt.receiptHash)
        return false;

    ++m_result.count;
    if (atExpectedHead)
        m_sawExpectedHead = true;
    std::memcpy(m_prevHash.data(), receipt.receiptHash.data(), 64);
    m_hasPrevHash = true;
    if (receipt.hasSeq)
        m_prevSeq = receipt.seq;
    else
        m_prevSeq.reset();
    m_headPending = true;
    m_headHash = m_prevHash;
    m_headSeq = receipt.seq;
    m_headHasSeq = receipt.hasSeq;
    m_headReceiptId.assign(receipt.eventId.data() ? receipt.eventId.data() : "", size_t(receipt.eventId.size()));
    return true;
}

void ChainVerifier::add(const JsonValue &receipt)
{
    flushHead();
    ReceiptCheck check;
    check.tenantId = m_tenantId;
    check.index = m_result.count++;
    const bool first = check.index == 0;

    if (!receipt.isObject()) {
        record(check, ChainFailure::Kind::Malformed, QStringLiteral("(an object)"),
            QStringLiteral("(%1)").arg(typeName(receipt)),
            QStringLiteral("Entry %1 is %2, not a receipt object.").arg(check.index).arg(typeName(receipt)));
        m_hasPrevHash = false;
        m_prevSeq.reset();
        m_result.headHash.reset();
        m_result.headSeq.reset();
        m_result.headReceiptId.clear();
        if (m_callback)
            m_callback(check);
        return;
    }

    check.receiptId = textOf(receipt.value("event_id"));
    check.agentId = textOf(receipt.value("agent_id"));
    check.decision = textOf(receipt.value("decision"));
    const JsonValue *hashValue = receipt.find("receipt_hash");
    const JsonValue *prevValue = receipt.find("prev_receipt_hash");
    const JsonValue *seqValue = receipt.find("seq");
    const JsonValue *canonValue = receipt.find("canon_version");
    if (hashValue && hashValue->isString())
        check.receiptHash = hashValue->toString();
    if (prevValue && prevValue->isString())
        check.prevReceiptHash = prevValue->toString();
    bool seqUsable = true;
    if (seqValue) {
        const auto seq = seqValue->toInt64();
        if (seq && *seq >= 1)
            check.seq = *seq;
        else
            seqUsable = false;
    }

    bool hashUsable = hashValue && hashValue->isString() && isHex64(hashValue->stringUtf8());
    if (!hashUsable) {
        record(check, ChainFailure::Kind::Malformed, QStringLiteral("(64 hex characters)"), shown(hashValue),
            QStringLiteral("Receipt at index %1 has no valid receipt_hash (64 hex characters).").arg(check.index));
    }
    if (canonValue && canonValue->stringUtf8() != "aegis-jcs-1") {
        hashUsable = false;
        record(check, ChainFailure::Kind::Malformed, QStringLiteral("aegis-jcs-1"), shown(canonValue),
            QStringLiteral("Receipt at index %1 was hashed with an unknown scheme (canon_version).").arg(check.index));
    }

    if (!seqUsable) {
        record(check, ChainFailure::Kind::Malformed, QStringLiteral("(a positive integer)"), jsonText(*seqValue),
            QStringLiteral("Receipt at index %1 has a seq that is not a positive integer.").arg(check.index));
    }

    if (hashUsable) {
        QString why;
        const auto recomputed = ReceiptHasher::receiptHash(receipt, &why);
        if (!recomputed) {
            hashUsable = false;
            record(check, ChainFailure::Kind::Malformed, QStringLiteral("(canonical JSON)"), why,
                QStringLiteral("Receipt at index %1 cannot be canonicalized: %2.").arg(check.index).arg(why));
        } else if (*recomputed != *check.receiptHash) {
            record(check, ChainFailure::Kind::HashMismatch, *recomputed, *check.receiptHash,
                QStringLiteral("Receipt at index %1 does not hash to its receipt_hash: its content was edited "
                               "after it was written.")
                    .arg(check.index));
        }
    }

    if (first) {
        const bool genesis = m_options.requireGenesis || (check.seq && *check.seq == 1);
        if (genesis && check.prevReceiptHash != QString()) {
            record(check, ChainFailure::Kind::BrokenLink, QString(), shown(prevValue),
                QStringLiteral("The first receipt of the chain must have an empty prev_receipt_hash; this one "
                               "points to an earlier receipt that is not here (dropped?)."));
        }
        if (m_options.requireGenesis && check.seq && *check.seq != 1) {
            record(check, ChainFailure::Kind::SeqGap, QStringLiteral("1"), QString::number(*check.seq),
                QStringLiteral("The chain starts at seq %1 instead of 1: receipts before it are missing.")
                    .arg(*check.seq));
        }
    } else {
        if (m_hasPrevHash && check.prevReceiptHash != prevHashText()) {
            record(check, ChainFailure::Kind::BrokenLink, prevHashText(), shown(prevValue),
                QStringLiteral("Receipt at index %1 does not link to the receipt before it: receipts were "
                               "dropped, inserted or reordered.")
                    .arg(check.index));
        }
        if (seqUsable && check.seq && m_prevSeq && *check.seq != *m_prevSeq + 1) {
            record(check, ChainFailure::Kind::SeqGap, QString::number(*m_prevSeq + 1), QString::number(*check.seq),
                QStringLiteral("Receipt at index %1 has seq %2 after seq %3.")
                    .arg(check.index)
                    .arg(*check.seq)
                    .arg(*m_prevSeq));
        }
    }

    const auto &expected = m_options.expectedHead;
    // A whole chain without seq fields (an export): its position is its seq.
    // (Two plain values rather than an optional: GCC's -O3 flow analysis
    // takes the optional's value for uninitialised.)
    const bool hasPosition = check.seq || m_options.requireGenesis;
    const qint64 position = check.seq ? *check.seq : check.index + 1;
    if (expected && expected->seq && hasPosition && position == *expected->seq) {
        m_sawExpectedHead = true;
        if (check.receiptHash != expected->receiptHash) {
            record(check, ChainFailure::Kind::Diverged, expected->receiptHash, shown(hashValue),
                QStringLiteral("The receipt at seq %1 is not the one the manifest recorded as the head: the "
                               "chain was rewritten or replaced.")
                    .arg(*expected->seq));
        }
    }

    // A signed receipt (RECEIPTS.md, "Signing"): its signature must verify
    // over the receipt_hash as stated, with the key it names.
    const JsonValue *signature = receipt.find("signature");
    if (signature && !signature->isNull() && hashValue && hashValue->isString()) {
        const JsonValue &key = receipt.value("signer_public_key");
        const auto parsed = Ed25519Signature::fromHex(key.stringUtf8(), signature->stringUtf8());
        Ed25519Signature::Checker checker;
        if (!parsed || !checker.verify(*parsed, hashValue->stringUtf8())) {
            const ChainFailure bad = SignatureCheckPool::failure(check.index, check.seq, check.receiptId, shown(&key),
                shown(signature));
            record(check, bad.kind, bad.expected, bad.actual, bad.message);
        }
    }

    // A malformed hash cannot anchor the next link; an edited receipt's
    // stated hash still can (the next receipt was linked to it).
    const QByteArray stated = hashValue ? hashValue->stringUtf8() : QByteArray();
    m_hasPrevHash = check.receiptHash && isHex64(stated);
    if (m_hasPrevHash)
        std::memcpy(m_prevHash.data(), stated.constData(), std::min<size_t>(size_t(stated.size()), m_prevHash.size()));
    m_prevSeq = check.seq;
    m_result.headHash = check.receiptHash;
    m_result.headSeq = check.seq;
    m_result.headReceiptId = check.receiptId;
    if (m_callback)
        m_callback(check);
}

void ChainVerifier::addLateFailure(TenantChainResult &result, const ChainFailure &failure)
{
    // Late failures are of receipts add() never saw, so a failure at the
    // same index can only be finish()'s missing manifest head, which comes
    // after every receipt when read in turn.
    const auto &first = result.firstFailure;
    if (!first || first->index > failure.index
        || (first->index == failure.index && first->kind == ChainFailure::Kind::Diverged))
        result.firstFailure = failure;
}

void ChainVerifier::finish()
{
    flushHead();
    if (m_finished)
        return;
    m_finished = true;
    const auto &expected = m_options.expectedHead;
    if (!expected || m_result.firstFailure)
        return;
    if (m_result.count < expected->count) {
        ChainFailure failure;
        failure.kind = ChainFailure::Kind::Truncated;
        failure.index = m_result.count;
        failure.seq = m_result.headSeq ? *m_result.headSeq + 1 : m_result.count + 1;
        failure.previousSeq = m_result.headSeq;
        if (expected->count == m_result.count + 1 && !expected->receiptId.isEmpty())
            failure.receiptId = expected->receiptId;
        failure.expected = QString::number(expected->count);
        failure.actual = QString::number(m_result.count);
        failure.message = QStringLiteral("The chain has %1 receipt(s) but the manifest recorded %2: receipts "
                                         "at the end are missing.")
                              .arg(m_result.count)
                              .arg(expected->count);
        m_result.firstFailure = failure;
        return;
    }
    if (expected->seq && !m_sawExpectedHead) {
        ChainFailure failure;
        failure.kind = ChainFailure::Kind::Diverged;
        failure.index = m_result.count > 0 ? m_result.count - 1 : 0;
        failure.seq = *expected->seq;
        if (!expected->receiptId.isEmpty())
            failure.receiptId = expected->receiptId;
        failure.expected = expected->receiptHash;
        failure.actual = QStringLiteral("(no receipt with seq %1)").arg(*expected->seq);
        failure.message = QStringLiteral("No receipt has the manifest head's seq %1.").arg(*expected->seq);
        m_result.firstFailure = failure;
    }
}

} // namespace aegis
