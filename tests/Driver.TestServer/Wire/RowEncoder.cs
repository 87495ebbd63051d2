using System.Buffers.Binary;
using System.Numerics;
using Driver.Core.Protocol;
using Driver.Core.Types;
using Driver.TestServer.Engine;
using Driver.TestServer.Protocol;

namespace Driver.TestServer.Wire;

/// <summary>
/// Writes engine rows into a RESULTSET part in result-set encoding (§7.3), straight from the cursor's typed
/// getters: no boxing and no BigInteger (DECIMAL, FIXEDn and the date and time types through
/// <see cref="NativeValueEncoder"/>), strings copied as bytes. LOB values are sent inline up to a chunk size; the
/// rest stays on the server behind a locator for READLOB (§7.3.9, §10.1).
/// </summary>
internal sealed class RowEncoder : IEngineRowSink
{
    /// <summary>LOB bytes sent inside the row; larger LOBs are read with READLOB.</summary>
    public const int InlineLobBytes = 1024;

    private readonly ServerSession _session;
    private PacketWriter _writer = null!;
    private HanaTypeCode[] _types = [];
    private int[] _scales = [];
    private int _partStart;
    private int _maxBytes;

    public RowEncoder(ServerSession session)
    {
        _session = session;
    }

    public int Rows { get; private set; }

    public void Begin(PacketWriter writer, HanaTypeCode[] types, int[] scales, int maxBytes)
    {
        _writer = writer;
        _types = types;
        _scales = scales;
        _partStart = writer.Length;
        _maxBytes = maxBytes;
        Rows = 0;
    }

    public bool OnRow(EngineCursor row)
    {
        if (Rows > 0 && _writer.Length - _partStart >= _maxBytes)
        {
            return false; // the reply is full: the row stays for the next FETCHNEXT
        }
        for (var column = 0; column < _types.Length; column++)
        {
            WriteValue(row, column, _types[column], _scales[column]);
        }
        Rows++;
        return true;
    }

    private void WriteValue(EngineCursor row, int column, HanaTypeCode type, int scale)
    {
        var writer = _writer;
        if (row.IsNull(column))
        {
            ResultValueWriter.WriteNull(writer, type);
            return;
        }
        switch (type)
        {
            case HanaTypeCode.TinyInt:
                writer.WriteByte(1);
                writer.WriteByte((byte)row.GetInt64(column));
                return;
            case HanaTypeCode.SmallInt:
                writer.WriteByte(1);
                writer.WriteInt16((short)row.GetInt64(column));
                return;
            case HanaTypeCode.Int:
                writer.WriteByte(1);
                writer.WriteInt32(row.GetInt32(column));
                return;
            case HanaTypeCode.BigInt:
                writer.WriteByte(1);
                writer.WriteInt64(row.GetInt64(column));
                return;
            case HanaTypeCode.Real:
                writer.WriteSingle(row.GetFloat(column));
                return;
            case HanaTypeCode.Double:
                writer.WriteDouble(row.GetDouble(column));
                return;
            case HanaTypeCode.Boolean:
                writer.WriteByte(row.GetBoolean(column) ? (byte)2 : (byte)0);
                return;
            case HanaTypeCode.Decimal:
            case HanaTypeCode.Fixed8:
            case HanaTypeCode.Fixed12:
            case HanaTypeCode.Fixed16:
                WriteDecimal(row, column, type, scale);
                return;
            case HanaTypeCode.Char:
            case HanaTypeCode.VarChar:
            case HanaTypeCode.NChar:
            case HanaTypeCode.NVarChar:
            case HanaTypeCode.String:
            case HanaTypeCode.NString:
            case HanaTypeCode.ShortText:
                WriteText(row, column);
                return;
            case HanaTypeCode.Binary:
            case HanaTypeCode.VarBinary:
            case HanaTypeCode.BString:
            {
                var bytes = row.GetBytes(column);
                writer.WriteLengthIndicator(bytes.Length);
                writer.WriteBytes(bytes);
                return;
            }
            case HanaTypeCode.Clob:
            case HanaTypeCode.NClob:
            case HanaTypeCode.Text:
            case HanaTypeCode.Blob:
            case HanaTypeCode.BinText:
                WriteLob(row, column, type);
                return;
            case HanaTypeCode.Time:
            case HanaTypeCode.SecondTime:
            {
                var time = row.GetTime(column);
                if (!NativeValueEncoder.TryWriteTime(writer, type, time))
                {
                    ResultValueWriter.Write(writer, type, scale, time); // throws the documented range error
                }
                return;
            }
            case HanaTypeCode.Date:
            case HanaTypeCode.DayDate:
            case HanaTypeCode.Timestamp:
            case HanaTypeCode.SecondDate:
            case HanaTypeCode.LongDate:
                NativeValueEncoder.WriteDateTime(writer, type, row.GetDateTime(column));
                return;
            default:
                ResultValueWriter.Write(writer, type, scale, row.GetString(column));
                return;
        }
    }

    /// <summary>UTF-8 from the engine is CESU-8 already unless it holds 4-byte sequences (§5.5).</summary>
    private void WriteText(EngineCursor row, int column)
    {
        var utf8 = row.GetUtf8(column);
        if (utf8.IndexOfAnyInRange((byte)0xF0, (byte)0xF7) < 0)
        {
            _writer.WriteLengthIndicator(utf8.Length);
            _writer.WriteBytes(utf8);
            return;
        }
        var cesu = Cesu8.GetBytes(row.GetString(column));
        _writer.WriteLengthIndicator(cesu.Length);
        _writer.WriteBytes(cesu);
    }

    private void WriteDecimal(EngineCursor row, int column, HanaTypeCode type, int scale)
    {
        var native = row.GetDecimalUnscaled(column, out var valueScale);
        var written = type == HanaTypeCode.Decimal
            ? NativeValueEncoder.TryWriteDecimal(_writer, native, valueScale)
            : NativeValueEncoder.TryWriteFixed(_writer, type, scale, native, valueScale);
        if (!written)
        {
            WriteDecimalExactly(type, scale, native, valueScale);
        }
    }

    /// <summary>
    /// The general path through BigInteger for what the allocation-free writers refuse: a coefficient beyond 2^113 or
    /// a value beyond the FIXED type, which end in the exceptions of <see cref="Decimal128"/> and <see cref="FixedDecimal"/>.
    /// </summary>
    private void WriteDecimalExactly(HanaTypeCode type, int scale, Int128 native, int valueScale)
    {
        var unscaled = (BigInteger)native;
        if (type == HanaTypeCode.Decimal)
        {
            // §7.3.4: coefficient and exponent; trailing zeros stripped as writers do
            var exponent = -valueScale;
            while (!unscaled.IsZero && unscaled % 10 == 0)
            {
                unscaled /= 10;
                exponent++;
            }
            Span<byte> bytes = stackalloc byte[16];
            Decimal128.EncodeExact(unscaled.Sign < 0, BigInteger.Abs(unscaled), exponent, bytes);
            _writer.WriteBytes(bytes);
            return;
        }
        // FIXEDn: the integer at the metadata scale (§7.3.1)
        if (scale > valueScale)
        {
            unscaled *= BigInteger.Pow(10, scale - valueScale);
        }
        else if (scale < valueScale)
        {
            unscaled /= BigInteger.Pow(10, valueScale - scale);
        }
        var size = FixedDecimal.GetSize(type);
        Span<byte> fixedBytes = stackalloc byte[16];
        FixedDecimal.EncodeUnscaled(unscaled, fixedBytes.Slice(0, size));
        _writer.WriteByte(1);
        _writer.WriteBytes(fixedBytes.Slice(0, size));
    }

    private void WriteLob(EngineCursor row, int column, HanaTypeCode type)
    {
        LobSource source;
        if (type is HanaTypeCode.Blob or HanaTypeCode.BinText)
        {
            source = LobSource.ForBinary(row.GetBytes(column).ToArray());
        }
        else
        {
            source = LobSource.ForText(row.GetString(column), type == HanaTypeCode.Clob ? LobSourceType.Clob : LobSourceType.NClob);
        }
        var chunk = source.FirstChunk(InlineLobBytes, out var complete);
        long locator = 0;
        if (!complete)
        {
            locator = _session.RegisterLob(source);
        }
        var options = LobOptions.DataIncluded | (complete ? LobOptions.LastData : LobOptions.None);
        if (chunk.Length == 0)
        {
            // §7.3.9: 0x02 only when data follows
            options = complete ? LobOptions.LastData : LobOptions.None;
        }
        ResultValueWriter.WriteLobDescriptor(_writer, source.SourceType, options, source.CharLength, source.ByteLength, locator, chunk);
    }
}
