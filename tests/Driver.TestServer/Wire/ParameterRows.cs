using Driver.Core.Protocol;
using Driver.Core.Types;
using Driver.TestServer.Protocol;

namespace Driver.TestServer.Wire;

/// <summary>
/// Reads a PARAMETERS part (§6.24) into engine rows. Values are decoded by the type code actually present
/// (§7.4: clients send generic codes, NULL is any code ≥ 0x80); LOB data follows each row's fixed fields in
/// parameter order (§10.2) and is located sequentially, the descriptor's position serving only as a hint.
/// </summary>
internal static class ParameterRows
{
    public static PendingLobWrite? Read(ReadOnlySpan<byte> buffer, int rowCount, ServerStatement statement, List<object?[]> rows, ServerSession session)
    {
        var reader = new SpanReader(buffer);
        var inputs = statement.Inputs;
        PendingLobWrite? pending = null;
        for (var row = 0; row < rowCount; row++)
        {
            var values = new object?[inputs.Length];
            List<(int Index, LobInputDescriptor Descriptor, HanaTypeCode Type)>? lobs = null;
            for (var i = 0; i < inputs.Length; i++)
            {
                var value = ParameterValueReader.Read(ref reader, out var type, inputs[i].Fraction);
                if (value is LobInputDescriptor descriptor)
                {
                    (lobs ??= new()).Add((i, descriptor, type));
                    continue;
                }
                values[i] = value;
            }
            if (lobs is not null)
            {
                foreach (var (index, descriptor, type) in lobs)
                {
                    var data = (descriptor.Options & LobOptions.DataIncluded) != 0 ? reader.ReadBytes(descriptor.Length) : default;
                    var isText = type is not (HanaTypeCode.Blob or HanaTypeCode.Locator or HanaTypeCode.BinText);
                    if (descriptor.IsLastData)
                    {
                        values[index] = isText ? Cesu8.Decode(data) : data.ToArray();
                    }
                    else
                    {
                        // §10.2: only the last row of a batch may wait for WRITELOB data
                        pending ??= new PendingLobWrite(statement, rows);
                        pending.AddIncomplete(session.NextLocatorId(), rows.Count, index, isText, data);
                    }
                }
            }
            rows.Add(values);
        }
        return pending;
    }
}
