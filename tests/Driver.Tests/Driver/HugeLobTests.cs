using System.Security.Cryptography;

// not Driver.Tests.Driver: that name would hide the root namespace Driver from the other test folders
namespace Driver.Tests.PublicApi;

[CollectionDefinition(nameof(AllocationMeasuring), DisableParallelization = true)]
public sealed class AllocationMeasuring
{
}

/// <summary>
/// A 100 MB BLOB written from a generated stream and read back with GetStream, with the bytes this process
/// allocates measured: the server runs as a child process, and the collection runs alone (no parallel test
/// allocates meanwhile), so GC.GetTotalAllocatedBytes counts the driver and the test only.
/// </summary>
[Collection(nameof(AllocationMeasuring))]
public class HugeLobTests
{
    private const long Size = 100L * 1024 * 1024;
    private const long AllocationLimit = 30L * 1024 * 1024;

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task AHundredMegabyteBlobRoundTripsWithBoundedMemory(string name)
    {
        var flavor = Flavor.Get(name);
        await using var server = await ChildProcessServer.StartAsync();
        var connection = await flavor.Open(server.ConnectionString);
        await flavor.Execute(connection, "CREATE COLUMN TABLE H (ID INTEGER, B BLOB)");

        var source = new GeneratedStream(Size, seed: 7);
        using var command = flavor.Command(connection, "INSERT INTO H VALUES (?, ?)", 1, source);
        var before = GC.GetTotalAllocatedBytes(precise: true);
        Assert.Equal(1, await flavor.ExecuteNonQuery(command));
        var insertAllocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.Equal(Size, source.Position);
        var expected = source.Hash();

        using var query = flavor.Command(connection, "SELECT B FROM H WHERE ID = 1");
        before = GC.GetTotalAllocatedBytes(precise: true);
        var reader = await flavor.ExecuteReader(query);
        Assert.True(await flavor.Read(reader));
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long total = 0;
        await using (var stream = reader.GetStream(0))
        {
            var buffer = new byte[81920];
            int read;
            while ((read = flavor.IsAsync ? await stream.ReadAsync(buffer) : stream.Read(buffer)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                total += read;
            }
        }
        await flavor.CloseReader(reader);
        var readAllocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.Equal(Size, total);
        Assert.Equal(expected, hash.GetHashAndReset());
        Assert.True(insertAllocated < AllocationLimit, $"the insert allocated {insertAllocated / 1024 / 1024} MB");
        Assert.True(readAllocated < AllocationLimit, $"the read allocated {readAllocated / 1024 / 1024} MB");
        await flavor.Close(connection);
    }

    /// <summary>Pseudo-random bytes (xorshift) produced on the fly and hashed as they are read.</summary>
    private sealed class GeneratedStream(long length, ulong seed) : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private ulong _state = seed | 1;
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public byte[] Hash() => _hash.GetHashAndReset();

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            for (var i = 0; i < n; i++)
            {
                _state ^= _state << 13;
                _state ^= _state >> 7;
                _state ^= _state << 17;
                buffer[offset + i] = (byte)_state;
            }
            _hash.AppendData(buffer, offset, n);
            _position += n;
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer, offset, count));

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _hash.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
