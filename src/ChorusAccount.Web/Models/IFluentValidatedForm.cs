namespace ChorusAccount.Web.Models;

/// <summary>
/// A form validated explicitly by its FluentValidation validator (<c>ValidateIntoAsync</c>), in the user's language. MVC
/// does not validate it (Program.cs): its <c>[Required]</c> and <c>[StringLength]</c> only tell the tag helpers to mark
/// the field required and bound its length in the page.
/// </summary>
public interface IFluentValidatedForm;
