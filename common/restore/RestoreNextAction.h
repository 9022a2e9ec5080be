#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace aegis {

// What the operator must do after a restore that did not end cleanly by
// itself, typed; the words (with the aegis-restore command to run) are made
// by RestoreWording. A report written before the kinds existed has only its
// sentence, kept in `legacyText` for display.
struct RestoreNextAction {
    enum class Kind {
        Legacy,                     // only legacyText
        FinishNow,                  // the journal could not record the verified state; cause
        StopGatewayThenRollBack,    // database, path: the original aside
        FixCauseThenRollBack,       // cause, database, path: the original aside
        RestoreOriginalByHand,      // the database put back is not the original
        RestartGatewayThenRollBack, // database
        StartGatewayThenRollBack,   // database
        RemoveJournal,              // path: the finished journal, cause
        KeepOutput,                 // the report could not be saved; cause
        FinishNeedsVerified         // finish() was called without a verified restore
    };

    Kind kind = Kind::Legacy;
    QString database;
    QString path;
    QString cause;
    QString legacyText;

    static QString kindId(Kind kind);
    static std::optional<Kind> kindFromId(const QString &id);
    QJsonObject toJson() const;
    static RestoreNextAction fromJson(const QJsonObject &object);
    // "next_action" (the words, joined) and "next_actions" (typed). Nothing
    // reads a report back yet; fromJson() reads one entry.
    static void writeInto(QJsonObject &object, const QList<RestoreNextAction> &actions);
};

} // namespace aegis
