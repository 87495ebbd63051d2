namespace System.Runtime.CompilerServices;

/// <summary>Lets C# records (init accessors) compile for .NET Framework, which lacks this marker type.</summary>
internal static class IsExternalInit
{
}
