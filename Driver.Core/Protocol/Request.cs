using System.Collections.Concurrent;

namespace Driver.Core.Protocol;

/// <summary>
/// One request message (§3) as a value: message type, commit flag, command options and parts, built by flavor-free
/// code before a connection numbers it and sends it (ConnectionCore's round-trip pair, the one way anything is
/// sent). Nothing of it lives on the connection between calls. Its buffer is rented from a small process-wide
/// cache: the round trip that sends a request returns it, so building one allocates nothing in the steady state.
/// </summary>
internal sealed class Request
{
    /// <summary>Requests kept for reuse; beyond them a returned request is dropped (its buffer goes back to the pool).</summary>
    private const int MaxSpares = 64;
    /// <summary>A request that grew beyond this (a large batch, a LOB chunk) gives its buffer back before it is kept.</summary>
    private const int MaxRetainedBuffer = 256 * 1024;

    private static readonly ConcurrentQueue<Request> s_spares = new();
    private static int s_spareCount;

    private readonly PacketWriter _writer = new(1024);
    private readonly MessageBuilder _builder;
    private int _returned;

    private Request()
    {
        _builder = new MessageBuilder(_writer);
    }

    public MessageType Type { get; private set; }

    /// <summary>Where part contents are written, between <see cref="BeginPart"/> and <see cref="EndPart"/>.</summary>
    public PacketWriter Writer => _writer;

    /// <summary>A new request of <paramref name="type"/>, without parts yet.</summary>
    public static Request Create(MessageType type, bool commit = false, CommandOptions options = CommandOptions.None)
    {
        Request request;
        if (s_spares.TryDequeue(out var spare))
        {
            Interlocked.Decrement(ref s_spareCount);
            request = spare;
            request._returned = 0;
        }
        else
        {
            request = new Request();
        }
        request.Type = type;
        request._builder.BeginRequest(type, commit, options);
        return request;
    }

    public void BeginPart(PartKind kind, PartAttributes attributes = PartAttributes.None) => _builder.BeginPart(kind, attributes);

    public void EndPart(int argumentCount) => _builder.EndPart(argumentCount);

    /// <summary>Bytes written into the open part so far.</summary>
    public int CurrentPartLength => _builder.CurrentPartLength;

    /// <summary>
    /// Completes the headers with the session id and the packet number the connection gives it when it sends
    /// (§3.1); the message is then <see cref="PacketWriter.WrittenSpan"/> of the returned writer.
    /// </summary>
    internal PacketWriter Finish(long sessionId, int packetCount)
    {
        _builder.Finish(sessionId, packetCount);
        return _writer;
    }

    /// <summary>Gives the request back for reuse; it must not be touched afterwards. Returning twice is harmless.</summary>
    public void Return()
    {
        if (Interlocked.Exchange(ref _returned, 1) != 0)
        {
            return;
        }
        _writer.Reset();
        _writer.Trim(MaxRetainedBuffer);
        if (Interlocked.Increment(ref s_spareCount) <= MaxSpares)
        {
            s_spares.Enqueue(this);
            return;
        }
        Interlocked.Decrement(ref s_spareCount);
        _writer.Dispose();
    }
}
