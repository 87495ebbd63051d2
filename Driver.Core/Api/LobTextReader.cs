using Driver.Core.Session;
using Driver.Core.Types;

namespace Driver.Core.Api;

/// <summary>
/// Decodes a character LOB (§10.1) chunk by chunk: CESU-8 bytes from the <see cref="LobReaderCore"/>, with an
/// incomplete sequence or a high surrogate at a chunk's end carried over to the next (§5.5).
/// Driver.Sync reads block; Driver.Async supports only the ReadAsync / ReadToEndAsync members.
/// </summary>
internal sealed class LobTextReader : TextReader
{
    private readonly LobReaderCore _lob;
    private readonly byte[] _bytes = new byte[64 * 1024 + 8];
    private int _carry;
    private string _chars = string.Empty;
    private int _charPosition;

    public LobTextReader(LobReaderCore lob)
    {
        _lob = lob;
    }

    private bool HasChars => _charPosition < _chars.Length;

    /// <summary>Nothing decoded is left and nothing more will come.</summary>
    private bool AtEnd => !HasChars && _lob.IsFinished && _carry == 0;

    /// <summary>Decodes what the LOB reader holds (never fetches).</summary>
    private void DecodeAvailable()
    {
        _carry += _lob.Take(_bytes.AsSpan(_carry, _bytes.Length - _carry));
        var pending = _bytes.AsSpan(0, _carry);
        var tail = _lob.IsFinished ? 0 : Cesu8.GetIncompleteTailLength(pending);
        _chars = Cesu8.Decode(pending.Slice(0, pending.Length - tail));
        _charPosition = 0;
        pending.Slice(pending.Length - tail).CopyTo(_bytes);
        _carry = tail;
    }

    private int CopyChars(Span<char> destination)
    {
        var count = Math.Min(destination.Length, _chars.Length - _charPosition);
        _chars.AsSpan(_charPosition, count).CopyTo(destination);
        _charPosition += count;
        return count;
    }

    private static void CheckArguments(char[] buffer, int index, int count)
    {
        if (buffer is null)
        {
            throw new ArgumentNullException(nameof(buffer));
        }
        if (index < 0 || count < 0 || index > buffer.Length - count)
        {
            throw new ArgumentOutOfRangeException(nameof(count), "index and count must lie within the buffer.");
        }
    }

#if SYNC
    /// <summary>Makes characters available; false at the end of the LOB.</summary>
    private bool Fill()
    {
        while (!HasChars)
        {
            if (AtEnd)
            {
                return false;
            }
            if (_lob.NeedsFetch)
            {
                _lob.FetchSync();
            }
            DecodeAvailable();
        }
        return true;
    }

    public override int Peek() => Fill() ? _chars[_charPosition] : -1;

    public override int Read() => Fill() ? _chars[_charPosition++] : -1;

    public override int Read(char[] buffer, int index, int count)
    {
        CheckArguments(buffer, index, count);
        return count == 0 || !Fill() ? 0 : CopyChars(buffer.AsSpan(index, count));
    }

    public override string ReadToEnd()
    {
        var text = new System.Text.StringBuilder();
        while (Fill())
        {
            text.Append(_chars, _charPosition, _chars.Length - _charPosition);
            _charPosition = _chars.Length;
        }
        return text.ToString();
    }
#endif

#if ASYNC
    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        while (!HasChars)
        {
            if (AtEnd)
            {
                return false;
            }
            if (_lob.NeedsFetch)
            {
                await _lob.FetchAsync(cancellationToken).ConfigureAwait(false);
            }
            DecodeAvailable();
        }
        return true;
    }

    public override int Peek() => HasChars ? _chars[_charPosition] : throw AsyncOnly.Member("TextReader.Peek on a LOB", "ReadAsync");

    public override int Read() => throw AsyncOnly.Member("TextReader.Read on a LOB", "ReadAsync");

    public override int Read(char[] buffer, int index, int count) => throw AsyncOnly.Member("TextReader.Read on a LOB", "ReadAsync");

    public override string ReadToEnd() => throw AsyncOnly.Member("TextReader.ReadToEnd on a LOB", "ReadToEndAsync");

    public override async Task<int> ReadAsync(char[] buffer, int index, int count)
    {
        CheckArguments(buffer, index, count);
        return count == 0 || !await FillAsync(CancellationToken.None).ConfigureAwait(false) ? 0 : CopyChars(buffer.AsSpan(index, count));
    }

    public override Task<int> ReadBlockAsync(char[] buffer, int index, int count) => ReadBlockCoreAsync(buffer, index, count);

    private async Task<int> ReadBlockCoreAsync(char[] buffer, int index, int count)
    {
        CheckArguments(buffer, index, count);
        var total = 0;
        while (total < count && await FillAsync(CancellationToken.None).ConfigureAwait(false))
        {
            total += CopyChars(buffer.AsSpan(index + total, count - total));
        }
        return total;
    }

    public override Task<string> ReadToEndAsync() => ReadToEndCoreAsync(CancellationToken.None);

#if NET
    public override async ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default) =>
        buffer.IsEmpty || !await FillAsync(cancellationToken).ConfigureAwait(false) ? 0 : CopyChars(buffer.Span);

    public override Task<string> ReadToEndAsync(CancellationToken cancellationToken) => ReadToEndCoreAsync(cancellationToken);
#endif

    private async Task<string> ReadToEndCoreAsync(CancellationToken cancellationToken)
    {
        var text = new System.Text.StringBuilder();
        while (await FillAsync(cancellationToken).ConfigureAwait(false))
        {
            text.Append(_chars, _charPosition, _chars.Length - _charPosition);
            _charPosition = _chars.Length;
        }
        return text.ToString();
    }
#endif
}
