using CsCheck;
using Driver.Core.Protocol;
using Driver.Core.Types;
using Driver.TestServer.Protocol;

namespace Driver.Tests.Properties;

/// <summary>LOB descriptors in result rows (§7.3.9): every field and the inline chunk come back as written.</summary>
public class LobDescriptorProperties
{
    private static readonly HanaTypeCode[] LobTypes = [HanaTypeCode.Clob, HanaTypeCode.NClob, HanaTypeCode.Blob, HanaTypeCode.Text, HanaTypeCode.BinText];

    [Fact]
    public void ResultDescriptorsRoundTrip()
    {
        Gen.Select(Gen.Int[0, LobTypes.Length - 1], Gen.Byte, Gen.Long[0, long.MaxValue], Gen.Byte.Array[0, 300], Gen.Long[0, 1L << 40], Gen.Long)
            .Sample((typeIndex, options, charLength, chunk, extra, locator) =>
            {
                var type = LobTypes[typeIndex];
                var lobOptions = (LobOptions)options;
                var byteLength = chunk.Length + extra;
                using var writer = new PacketWriter();
                ResultValueWriter.WriteLobDescriptor(writer, HanaTypeInfo.GetLobSourceType(type), lobOptions, charLength, byteLength, locator, chunk);
                writer.WriteBytes([0xFF, 0x01]);
                var all = writer.WrittenSpan.ToArray();
                var length = ResultValueReader.GetLength(type, all);
                Assert.Equal(all.Length - 2, length);
                var descriptor = ResultValueReader.GetLobDescriptor(type, all.AsSpan(0, length));
                Assert.Equal(lobOptions, descriptor.Options);
                Assert.Equal((lobOptions & LobOptions.Null) != 0, descriptor.IsNull);
                Assert.Equal(descriptor.IsNull, ResultValueReader.IsNull(type, all.AsSpan(0, length)));
                if (!descriptor.IsNull)
                {
                    Assert.Equal((charLength, byteLength, locator, chunk.Length), (descriptor.CharLength, descriptor.ByteLength, descriptor.LocatorId, descriptor.ChunkLength));
                    Assert.Equal(chunk, descriptor.GetChunk(all).ToArray());
                }
            }, iter: PropertyGens.Iterations * 2, threads: 1);
    }

    [Fact]
    public void InputDescriptorsRoundTrip()
    {
        Gen.Select(Gen.Int[0, LobTypes.Length - 1], Gen.Byte, Gen.Int[0, int.MaxValue], Gen.Int).Sample((typeIndex, options, length, position) =>
        {
            var type = LobTypes[typeIndex];
            var descriptor = new LobInputDescriptor((LobOptions)options, length, position);
            using var writer = new PacketWriter();
            ParameterValueWriter.WriteLobDescriptor(writer, type, descriptor);
            var reader = new SpanReader(writer.WrittenSpan);
            var back = Assert.IsType<LobInputDescriptor>(ParameterValueReader.Read(ref reader, out var code));
            Assert.True(reader.AtEnd);
            Assert.Equal(type, code);
            Assert.Equal((descriptor.Options, descriptor.Length, descriptor.Position), (back.Options, back.Length, back.Position));
        }, iter: PropertyGens.Iterations * 2, threads: 1);
    }
}
