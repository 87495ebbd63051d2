namespace Driver.Core.Session;

/// <summary>
/// A Stream or TextReader parameter value read to its end (a LOB in an earlier row of a batch, which cannot
/// stream, §10.2): the bytes or the string, once filled (<see cref="CallerDataFill.Reads"/>). Any other value is
/// its own whole value.
/// </summary>
internal sealed class WholeValue : CallerDataFill
{
    private const int ReadSize = 81920;
    private readonly MemoryStream? _bytes;
    private readonly byte[]? _byteBuffer;
    private readonly System.Text.StringBuilder? _text;
    private readonly char[]? _charBuffer;
    private bool _ended;

    public WholeValue(object? source)
        : base(source as Stream, source as TextReader)
    {
        Value = source;
        if (source is Stream)
        {
            _bytes = new MemoryStream();
            _byteBuffer = new byte[ReadSize];
        }
        else if (source is TextReader)
        {
            _text = new System.Text.StringBuilder();
            _charBuffer = new char[ReadSize / 2];
        }
        else
        {
            _ended = true;
        }
    }

    public object? Value { get; private set; }

    protected override bool NeedsInput => !_ended;

    protected override ArraySegment<byte> ByteRoom => new(_byteBuffer!);

    protected override ArraySegment<char> CharRoom => new(_charBuffer!);

    protected override void Accept(int read)
    {
        if (read == 0)
        {
            _ended = true;
            Value = _bytes is not null ? _bytes.ToArray() : _text!.ToString();
        }
        else if (_bytes is not null)
        {
            _bytes.Write(_byteBuffer!, 0, read);
        }
        else
        {
            _text!.Append(_charBuffer!, 0, read);
        }
    }
}
