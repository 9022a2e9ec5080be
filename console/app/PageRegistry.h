#pragma once

#include "console/navigation/ConsoleContext.h"
#include "console/navigation/PageId.h"

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

    // The ids (PageId), also under the registry's name.
    static inline const QString &Overview = PageId::Overview;
    static inline const QString &Activity = PageId::Activity;
    static inline const QString &Approvals = PageId::Approvals;
    static inline const QString &Backups = PageId::Backups;
    static inline const QString &Verification = PageId::Verification;
    static inline const QString &Restore = PageId::Restore;
    static inline const QString &Drills = PageId::Drills;

    static QList<Entry> pages();
};

} // namespace aegis::console
