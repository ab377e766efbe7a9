using ChorusAccount.Core.Accounts;

namespace ChorusAccount.Web.Models;

/// <summary>« Mon compte »: the editable first block and the three others.</summary>
public sealed record AccountPage(string Login, ProfileForm Form, AccountOverview Overview);

/// <summary>« Compléter les informations de son compte » (first sign-in).</summary>
public sealed record CompletionPage(string Login, ProfileForm Form);
