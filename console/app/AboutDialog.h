#pragma once

#include <QDialog>

class QLabel;

namespace aegis::console {

class GatewaySession;

// Help → About: the console's version and the connected gateway's, asked
// of the gateway (GET /v1/version) when the dialog opens, so that a support
// request can name both.
class AboutDialog : public QDialog
{
    Q_OBJECT

public:
    AboutDialog(GatewaySession &session, QWidget *parent = nullptr);

    QLabel *consoleVersion() const { return m_console; }
    QLabel *gatewayVersion() const { return m_gateway; }

Q_SIGNALS:
    // The gateway's answer (or silence) is shown.
    void gatewayChecked();

private:
    QLabel *m_console;
    QLabel *m_gateway;
};

} // namespace aegis::console
