#pragma once

#include <QJsonObject>
#include <QString>

namespace aegis {

// One file effect of a restore, shown before anything is done.
struct PlannedFile
{
    enum class Action
    {
        Move,   // rename within the file system (the live files, aside)
        Copy,   // the backup, to a temporary name beside the database
        Rename, // the verified copy, to the live name
        Create  // the journal, the report
    };

    Action action = Action::Move;
    QString from;
    QString to;
    qint64 bytes = -1; // -1: not known yet
    QString note;

    static QString actionName(Action action);
    QJsonObject toJson() const;
};

} // namespace aegis
