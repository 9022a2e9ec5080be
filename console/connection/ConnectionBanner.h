#pragma once

#include "console/connection/ConnectionState.h"
#include "console/widgets/MessagePanel.h"

class QPushButton;

namespace aegis::console {

// The strip above every page that says plainly when the gateway cannot be
// reached or refuses the token, and why, with the way out beside it.
class ConnectionBanner : public MessagePanel
{
    Q_OBJECT

public:
    explicit ConnectionBanner(QWidget *parent = nullptr);

    void showState(const ConnectionState &state, const QString &gatewayUrl);

Q_SIGNALS:
    void retryRequested();
    void editConnectionRequested();

private:
    QPushButton *m_retry;
    QPushButton *m_edit;
};

} // namespace aegis::console
