using Driver.Core.Protocol;

namespace Driver.TestServer.Wire;

// Statement requests (§9): placeholder until the engine lands.
internal sealed partial class RequestHandler
{
    private bool HandleStatementRequest(ParsedMessage request, PacketWriter writer) =>
        throw new ServerError(7, $"feature not supported: {request.Segment.MessageType}");
}
