namespace Driver.TestServer.Engine;

internal enum SqlTokenKind
{
    Whitespace,
    Comment,
    Identifier,
    QuotedIdentifier,
    String,
    Number,
    Parameter,
    Symbol,
}
