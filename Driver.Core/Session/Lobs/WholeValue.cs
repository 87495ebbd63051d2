namespace Driver.Core.Session;

/// <summary>
/// A Stream or TextReader parameter value read to its end (a LOB in an earlier row of a batch, which cannot
/// stream, §10.2): the bytes or the string, once filled.
/// </summary>
internal sealed class WholeValue : IFillable
{
    private readonly object? _source;

    public WholeValue(object? source)
    {
        _source = source;
        Value = source;
    }

    public object? Value { get; private set; }

#if SYNC
    public void FillSync()
    {
        switch (_source)
        {
            case Stream stream:
                using (var copy = new MemoryStream())
                {
                    stream.CopyTo(copy);
                    Value = copy.ToArray();
                }
                break;
            case TextReader text:
                Value = text.ReadToEnd();
                break;
        }
    }
#else
    public async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        switch (_source)
        {
            case Stream stream:
                using (var copy = new MemoryStream())
                {
                    await stream.CopyToAsync(copy, 81920, cancellationToken).ConfigureAwait(false);
                    Value = copy.ToArray();
                }
                break;
            case TextReader text:
                Value = await text.ReadToEndAsync().ConfigureAwait(false);
                break;
        }
    }
#endif
}
