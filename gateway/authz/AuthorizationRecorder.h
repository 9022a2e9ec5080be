#pragma once

#include "common/crypto/Ed25519Signer.h"
#include "common/json/JsonValue.h"
#include "gateway/authz/AuthorizeRequest.h"
#include "gateway/authz/PolicyEngine.h"
#include "gateway/authz/ReceiptAppender.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

namespace aegis {

class StatementCache;

// Everything about an authorization that is known before the writer sees it.
struct AuthorizationDraft
{
    QString tenantId;
    QString agentId;
    AuthorizeRequest request;
    PolicyDecision policy;
    QString actionHash;
};

// A request_id reused for a different request: the earlier answer must not
// stand for this call, and nothing is written.
struct IdempotencyConflict
{
    QString requestId;
    QString originalActionHash;
    QString actionHash;
    QStringList differing; // "tool_call", "user", "trace", "context"
};

struct RecordedAuthorization
{
    bool replayed = false; // the request_id was seen before: nothing was written
    std::optional<IdempotencyConflict> conflict; // set instead of the fields below
    QString decisionId;
    QString decision;
    QString riskLevel;
    int riskScore = 0;
    QString reason;
    JsonValue matchedPolicies = JsonValue::array(); // policy ids, as recorded
    QString actionHash;
    QString receiptId;
    qint64 seq = 0;
    QString receiptHash;
    QString prevReceiptHash;
    QString signature;
    QString signerPublicKey;
    QString signerKeyId;

    // The answer of POST /v1/authorize (not for a conflict), built once:
    // a route adds to it and serializes it.
    JsonValue response() const;
};

// Writes a decision and its receipt, on the writer thread, inside the
// writer's transaction, so that no decision exists without its receipt.
// The receipt is appended by the ReceiptAppender, which other evidence
// (approvals) shares.
class AuthorizationRecorder
{
public:
    explicit AuthorizationRecorder(std::optional<Ed25519Signer> signer);

    bool record(StatementCache &db, const AuthorizationDraft &draft, RecordedAuthorization *out, QString *error) const;
    bool isSigning() const { return m_appender.isSigning(); }
    const ReceiptAppender &appender() const { return m_appender; }

private:
    bool findPrevious(StatementCache &db, const AuthorizationDraft &draft, RecordedAuthorization *out, bool *found,
                      QString *error) const;

    ReceiptAppender m_appender;
};

} // namespace aegis
