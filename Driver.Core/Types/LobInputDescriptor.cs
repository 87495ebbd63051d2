using Driver.Core.Protocol;
namespace Driver.Core.Types;

/// <summary>
/// The 9-byte LOB input descriptor of a LOB parameter (docs/protocol.md §10.2): options, length of the data portion in
/// this message and its position. The data itself follows the row's fixed fields, in parameter order.
/// </summary>
internal readonly struct LobInputDescriptor
{
    public const int Size = 9;
    /// <summary>Offset of the position field within the descriptor, for patching once the row layout is known.</summary>
    public const int PositionOffset = 5;

    public LobInputDescriptor(LobOptions options, int length, int position)
    {
        Options = options;
        Length = length;
        Position = position;
    }

    /// <summary>0x02 data included, 0x04 last data (NULL LOBs use the NULL type code instead, §10.2).</summary>
    public LobOptions Options { get; }
    /// <summary>Bytes of data included in this message.</summary>
    public int Length { get; }
    /// <summary>Position of the data; clients disagree on its base (§10.2), so a server only cross-checks it.</summary>
    public int Position { get; }

    public bool IsLastData => (Options & LobOptions.LastData) != 0;

    public override string ToString() => $"LOB input (options {Options}, length {Length}, position {Position})";
}
