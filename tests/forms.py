"""What a browser would post from a page's form, read from the rendered HTML (lxml.html).

    data = form_data(client.get(url), field="lock_version")   # the form that has that field
    client.post(url, {**data, "name": "改名"})

Posting what the page rendered (hidden fields included) catches a template that forgets one.
"""

import lxml.html


def form_data(response, *, field):
    """{name: value, or [values] for a name posted more than once} of the form holding `field`."""
    document = lxml.html.fromstring(response.content.decode())
    for form in document.forms:
        if field in form.inputs:
            data = {}
            for name, value in form.form_values():
                data.setdefault(name, []).append(value)
            return {
                name: values[0] if len(values) == 1 else values for name, values in data.items()
            }
    raise AssertionError(f"no form with a field {field!r} on the page")


def hidden_value(response, name):
    """The value of the page's first input named `name`."""
    document = lxml.html.fromstring(response.content.decode())
    (value,) = document.xpath(f'(//input[@name="{name}"])[1]/@value')
    return value
