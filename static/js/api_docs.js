// The API's documentation page: Swagger UI (vendored) renders the OpenAPI
// document of this server. No validator badge: nothing leaves the server.
(function () {
  'use strict';
  var root = document.getElementById('api-docs');
  window.SwaggerUIBundle({
    url: root.getAttribute('data-spec'),
    domNode: root,
    validatorUrl: null,
    deepLinking: false,
    tryItOutEnabled: false
  });
}());
