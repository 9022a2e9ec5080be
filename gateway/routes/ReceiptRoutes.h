#pragma once

namespace aegis {

class Router;
struct GatewayContext;

// Receipts: lists, one receipt and its verification, the chain head, the
// streamed export, and the two chain verifications (of a given list, and of
// the stored chains inside the gateway).
class ReceiptRoutes
{
public:
    static void registerOn(Router &router, GatewayContext &context);
};

} // namespace aegis
