"""Shared semantics layer called by both back ends (interpreter and transpiler)."""
from .panic import SplPanic, translate_exception
from .values import Err, Ok, Some, SplClass, SplEnumValue, SplObject, make_class, make_enum, type_name
from .formatting import format_value, to_text

__all__ = ["SplPanic", "translate_exception", "Some", "Ok", "Err", "SplObject", "SplClass",
           "SplEnumValue", "make_class", "make_enum", "type_name", "to_text", "format_value"]
