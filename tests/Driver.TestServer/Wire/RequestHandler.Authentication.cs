using Driver.Core.Protocol;

namespace Driver.TestServer.Wire;

// AUTHENTICATE and CONNECT (§8): placeholder until the SCRAM server side lands.
internal sealed partial class RequestHandler
{
    private bool HandleAuthenticate(ParsedMessage request, PacketWriter writer) =>
        throw new ServerError(10, "authentication failed", "28000", level: HanaErrorLevel.Fatal);

    private bool HandleConnect(ParsedMessage request, PacketWriter writer) =>
        throw new ServerError(10, "authentication failed", "28000", level: HanaErrorLevel.Fatal);
}
