#pragma once

#include "common/json/JsonValue.h"

#include <QByteArray>
#include <QString>

namespace aegis {

class SqliteStatement;

// Decisions and receipts as the API returns them. Built as JsonValue and
// written canonically, not through QJsonObject: a decision's parameters keep
// their exact numbers (QJsonValue would turn 1.0 into 1 and round big
// integers), so an auditor can recompute the action hash from the answer.
// Rows are read through SQLite's UTF-8 API (SqliteStatement), so every
// string is the bytes that were hashed, U+FFFE and U+FFFF included.
class EvidenceJson
{
public:
    // Column lists for SELECTs whose rows the functions below read.
    static QString decisionColumns(const QString &alias = {});
    static QString receiptColumns(const QString &alias = {});
    // Where a column sits in receiptColumns() (for reading it back).
    static int receiptColumnIndex(const QString &name);

    static JsonValue decision(const SqliteStatement &row);
    // Hashed fields plus the envelope (GET /v1/receipts).
    static JsonValue receipt(const SqliteStatement &row);
    // Hashed fields plus receipt_hash only (the export form).
    static JsonValue exportedReceipt(const SqliteStatement &row);

    // The column's stored bytes as a JSON string; null for a NULL column.
    static JsonValue text(const SqliteStatement &row, int column);
    static QByteArray serialize(const JsonValue &value);
};

} // namespace aegis
