"""What the FHIR checks share: reading a resource with PyPI `fhir.resources`, and walking a
QuestionnaireResponse's items."""


def refusal(model, doc):
    """None if fhir.resources reads `doc` as `model`, else its complaint."""
    try:
        model.parse_obj(doc)
        return None
    except Exception as error:  # pydantic's ValidationError, and anything else it raises
        return str(error)


def items(item_list):
    """Every item, nested ones after their parent."""
    for item in item_list or []:
        yield item
        yield from items(item.get("item"))
