#pragma once

#include "console/navigation/ConsoleContext.h"

#include <QVariantMap>
#include <QWidget>

namespace aegis::console {

class GatewaySession;

// Base of every page in the navigation. A page loads its data in refresh()
// (asynchronously, never blocking), reloads when the connection changes, and
// may accept a request from another page.
class ConsolePage : public QWidget
{
    Q_OBJECT

public:
    ConsolePage(ConsoleContext &context, QWidget *parent = nullptr);

    // F5, and after the connection changed. Must return at once.
    virtual void refresh() {}
    // Another page asks this one to do something (keys are the page's own).
    virtual void handleRequest(const QVariantMap &request) { Q_UNUSED(request); }
    // The page became the visible one.
    virtual void pageShown() {}
    // Long jobs stop: the window is closing.
    virtual void cancelWork() {}

Q_SIGNALS:
    // A short text beside the page's name in the navigation ("3" calls
    // waiting); empty for none.
    void navigationBadgeChanged(const QString &badge);

protected:
    ConsoleContext &context() { return m_context; }
    GatewaySession &session() { return *m_context.session; }
    bool isConnected() const;
    // A new profile or token: what is shown belongs to another gateway.
    virtual void connectionChanged() { refresh(); }

private:
    ConsoleContext &m_context;
};

} // namespace aegis::console
