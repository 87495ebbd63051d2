#if !NET
namespace System.Diagnostics.CodeAnalysis;

// The trimming annotation for the netstandard2.0 build, where the framework lacks it: a public signature that
// carries it is then the same on both target frameworks (no #if NET variant of it). The trimmer matches the
// attribute by name, so an application trimmed against the netstandard2.0 build still sees it.

/// <summary>The members of a type that reflection over it needs (the framework's attribute, for netstandard2.0).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Field | AttributeTargets.GenericParameter | AttributeTargets.Interface | AttributeTargets.Method
    | AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.ReturnValue | AttributeTargets.Struct, Inherited = false)]
internal sealed class DynamicallyAccessedMembersAttribute(DynamicallyAccessedMemberTypes memberTypes) : Attribute
{
    public DynamicallyAccessedMemberTypes MemberTypes { get; } = memberTypes;
}

/// <summary>The kinds of members <see cref="DynamicallyAccessedMembersAttribute"/> names (the values are the framework's).</summary>
[Flags]
internal enum DynamicallyAccessedMemberTypes
{
    None = 0,
    PublicParameterlessConstructor = 0x0001,
    PublicConstructors = 0x0002 | PublicParameterlessConstructor,
    PublicProperties = 0x0200,
}
#endif
