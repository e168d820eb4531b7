// Renders /openapi.json with Swagger UI; every file is served by the Worker's static assets.
window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  tryItOutEnabled: false,
})
