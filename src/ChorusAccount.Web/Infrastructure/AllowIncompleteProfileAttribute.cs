namespace ChorusAccount.Web.Infrastructure;

/// <summary>Marks the actions a signed-in user may reach before validating its profile.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class AllowIncompleteProfileAttribute : Attribute;
