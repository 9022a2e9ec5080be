#pragma once

#include "console/app/ConsoleContext.h"

#include <QCoreApplication>
#include <QIcon>
#include <QKeySequence>
#include <QList>
#include <QString>

#include <functional>

class QWidget;

namespace aegis::console {

class ConsolePage;

// The pages of the navigation, in order. This is the one place a page is
// added: write a ConsolePage subclass and append it to pages().
class PageRegistry
{
    Q_DECLARE_TR_FUNCTIONS(PageRegistry)

public:
    struct Entry
    {
        QString id;
        QString title;
        QString toolTip;
        QIcon icon;
        std::function<ConsolePage *(ConsoleContext &, QWidget *)> create;
    };

    static inline const QString Overview = QStringLiteral("overview");
    static inline const QString Activity = QStringLiteral("activity");
    static inline const QString Approvals = QStringLiteral("approvals");
    static inline const QString Backups = QStringLiteral("backups");
    static inline const QString Verification = QStringLiteral("verification");
    static inline const QString Restore = QStringLiteral("restore");
    static inline const QString Drills = QStringLiteral("drills");

    static QList<Entry> pages();
};

} // namespace aegis::console
