using ChorusAccount.Web.Configuration;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace ChorusAccount.Web.Authentication;

/// <summary>Operators are signed-in users whose login the `Operators` section lists.</summary>
public static class OperatorPolicy
{
    public const string Name = "Operator";

    public static AuthorizationPolicy Build() =>
        new AuthorizationPolicyBuilder().RequireAuthenticatedUser().AddRequirements(new OperatorRequirement()).Build();
}

public sealed class OperatorRequirement : IAuthorizationRequirement;

public sealed class OperatorHandler(IOptionsMonitor<OperatorsOptions> operators) : AuthorizationHandler<OperatorRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OperatorRequirement requirement)
    {
        var login = context.User.GetLogin();
        if (login.Length > 0 && operators.CurrentValue.Logins.Contains(login, StringComparer.Ordinal))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
