using Driver.Core.Protocol;
using Driver.Core.Types;
using Driver.Sync;
using Driver.TestServer.Protocol;

namespace Driver.Tests.Types;

/// <summary>Truncated or mutated value bytes end in <see cref="HanaProtocolException"/> and nothing else.</summary>
public class MalformedValueTests
{
    [Theory]
    [MemberData(nameof(ValueSamples.CodecTypeData), MemberType = typeof(ValueSamples))]
    public void TruncatedResultValuesThrowProtocolException(string typeName)
    {
        var type = ValueSamples.Parse(typeName);
        var random = ValueSamples.RandomFor(type);
        var scale = ValueSamples.ScaleFor(type, random);
        using var writer = new PacketWriter();
        foreach (var value in ValueSamples.Values(type, random, scale, 50))
        {
            writer.Reset();
            ResultValueWriter.Write(writer, type, scale, value);
            var bytes = writer.WrittenSpan.ToArray();
            // every strict prefix, but at most the last 300 cut points of long values
            for (var cut = Math.Max(0, bytes.Length - 300); cut < bytes.Length; cut++)
            {
                var truncated = bytes.AsSpan(0, cut).ToArray();
                Assert.Throws<HanaProtocolException>(() => ResultValueReader.GetLength(type, truncated));
            }
        }
    }

    [Theory]
    [MemberData(nameof(ValueSamples.CodecTypeData), MemberType = typeof(ValueSamples))]
    public void MutatedResultValuesThrowOnlyProtocolException(string typeName)
    {
        var type = ValueSamples.Parse(typeName);
        var random = ValueSamples.RandomFor(type);
        var scale = ValueSamples.ScaleFor(type, random);
        using var writer = new PacketWriter();
        foreach (var value in ValueSamples.Values(type, random, scale, 100))
        {
            writer.Reset();
            ResultValueWriter.Write(writer, type, scale, value);
            var original = writer.WrittenSpan.ToArray();
            for (var round = 0; round < 20; round++)
            {
                var bytes = (byte[])original.Clone();
                var flips = random.Next(1, 4);
                for (var f = 0; f < flips; f++)
                {
                    var at = random.Next(Math.Min(bytes.Length, 40));
                    bytes[at] = random.Next(3) == 0 ? (byte)0xFF : (byte)random.Next(256);
                }
                try
                {
                    var length = ResultValueReader.GetLength(type, bytes);
                    var slice = bytes.AsSpan(0, length);
                    if (!ResultValueReader.IsNull(type, slice))
                    {
                        var decoded = ResultValueReader.GetValue(type, scale, slice);
                        if (decoded is LobDescriptor lob && lob.ChunkLength == lob.ByteLength)
                        {
                            _ = HanaTypeInfo.IsCharacterLob(type) ? ResultValueReader.GetString(type, slice) : (object)ResultValueReader.GetBytes(type, slice);
                        }
                    }
                }
                catch (HanaProtocolException)
                {
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(ValueSamples.CodecTypeData), MemberType = typeof(ValueSamples))]
    public void TruncatedOrMutatedParametersThrowOnlyProtocolException(string typeName)
    {
        var type = ValueSamples.Parse(typeName);
        if (HanaTypeInfo.IsLob(type))
        {
            return;
        }
        var random = ValueSamples.RandomFor(type);
        var scale = ValueSamples.ScaleFor(type, random);
        using var writer = new PacketWriter();
        foreach (var value in ValueSamples.Values(type, random, scale, 100))
        {
            writer.Reset();
            ParameterValueWriter.Write(writer, type, scale, value);
            var original = writer.WrittenSpan.ToArray();
            for (var cut = Math.Max(0, original.Length - 100); cut < original.Length; cut++)
            {
                var truncated = original.AsSpan(0, cut).ToArray();
                Assert.Throws<HanaProtocolException>(() =>
                {
                    var reader = new SpanReader(truncated);
                    ParameterValueReader.Read(ref reader, out _, scale);
                });
            }
            for (var round = 0; round < 20; round++)
            {
                var bytes = (byte[])original.Clone();
                var at = random.Next(Math.Min(bytes.Length, 40));
                bytes[at] = (byte)random.Next(256);
                try
                {
                    var reader = new SpanReader(bytes);
                    ParameterValueReader.Read(ref reader, out _, scale);
                }
                catch (HanaProtocolException)
                {
                }
            }
        }
    }

    [Fact]
    public void UnknownTypeCodesAreProtocolErrors()
    {
        Assert.Throws<HanaProtocolException>(() => ResultValueReader.GetLength(HanaTypeCode.Table, new byte[8]));
        Assert.Throws<HanaProtocolException>(() =>
        {
            var reader = new SpanReader(new byte[] { (byte)HanaTypeCode.Cursor, 0, 0 });
            ParameterValueReader.Read(ref reader, out _);
        });
    }

    [Fact]
    public void InvalidLengthIndicatorAndLobLengthsAreProtocolErrors()
    {
        Assert.Throws<HanaProtocolException>(() => ResultValueReader.GetLength(HanaTypeCode.VarChar, new byte[] { 250, 0 }));
        Assert.Throws<HanaProtocolException>(() => ResultValueReader.GetLength(HanaTypeCode.VarChar, new byte[] { 247, 0xFF, 0xFF, 0xFF, 0xFF }));
        Assert.Throws<HanaProtocolException>(() => ResultValueReader.GetLength(HanaTypeCode.VarChar, new byte[] { 247, 0xFF, 0xFF, 0xFF, 0x7F, 0 }));
        var lob = new byte[32];
        lob[0] = 1;
        lob[1] = 6;
        lob[28] = 0xFF; lob[29] = 0xFF; lob[30] = 0xFF; lob[31] = 0xFF;
        Assert.Throws<HanaProtocolException>(() => ResultValueReader.GetLength(HanaTypeCode.Blob, lob));
    }
}
