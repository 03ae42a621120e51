"""Word lists for demo data: plausible Colombian companies, people and case titles."""

COMPANIES = (
    "Distribuidora Andina S.A.S.", "Ferretería El Tornillo Ltda.", "Clínica Santa Lucía S.A.",
    "Transportes del Caribe S.A.S.", "Cafés de Antioquia S.A.S.", "Droguería La Esperanza",
    "Constructora Bolívar Norte S.A.", "Textiles Medellín S.A.S.", "Colegio San Gabriel",
    "Almacenes La 14 Express", "Agroinsumos del Huila S.A.S.", "Hotel Bahía Cartagena",
    "Laboratorio Dental Sonrisas", "Inmobiliaria Los Cerezos", "Panificadora El Trigal",
    "Autopartes Boyacá S.A.S.", "Cooperativa Cafetera del Quindío", "Papelería Escolar Bogotá",
    "Confecciones Valle S.A.S.", "Supermercado Mercamás", "Logística Pacífico S.A.S.",
    "Importadora Santander Ltda.", "Centro Médico Chapinero", "Floristería Bogotá Flores",
)
FIRST_NAMES = ("Ana", "Carlos", "Luisa", "Andrés", "María", "Jorge", "Paola", "Felipe", "Diana", "Juan",
               "Camila", "Santiago", "Valentina", "Julián", "Natalia", "Sebastián", "Laura", "Mauricio")
LAST_NAMES = ("Gómez", "Rodríguez", "Martínez", "López", "García", "Hernández", "Ramírez", "Torres",
              "Moreno", "Vargas", "Rojas", "Castro", "Ortiz", "Jiménez", "Muñoz", "Restrepo")
AGENTS = (("lrestrepo", "Laura Restrepo", "agent"), ("cmejia", "Carlos Mejía", "agent"),
          ("dcastro", "Diana Castro", "agent"), ("jvargas", "Julián Vargas", "agent"),
          ("pmoreno", "Paola Moreno", "agent"), ("sortiz", "Sandra Ortiz", "supervisor"))
PARTNERS = (("RedesPro S.A.S.", "Redes locales y cableado", "6017654321", "soporte@redespro.com.co"),
            ("Impresoras y Periféricos Ltda.", "Impresoras, lectores y periféricos", "6044567890",
             "servicio@perifericos.com.co"),
            ("ConectaNet ISP", "Conexión a Internet", "6023456789", "empresas@conectanet.co"))
TITLES = {
    "fault": ("Error al generar la factura electrónica", "El cierre de caja no cuadra",
              "No imprime el comprobante de egreso", "Lentitud al consultar inventario",
              "Error de conexión con la base de datos", "El reporte de cartera sale vacío",
              "Falla al exportar a Excel", "El módulo de nómina no liquida horas extra"),
    "request": ("Crear usuario para nueva cajera", "Cambiar resolución de facturación",
                "Capacitación en el módulo de compras", "Consulta sobre copias de seguridad",
                "Restablecer contraseña del USR"),
    "feature_request": ("Reporte de ventas por vendedor y zona", "Integración con pasarela de pagos",
                        "Alertas de stock mínimo por correo"),
    "update": ("Actualizar a la versión 2026.2", "Instalar parche de facturación electrónica"),
    "uc_expansion": ("Ampliar de 5 a 8 usuarios concurrentes", "Ampliación de UC para nueva sede"),
    "out_of_scope": ("La impresora de tirilla no responde", "Sin Internet en la sede norte",
                     "El lector de código de barras no lee"),
    "other": ("Migración de datos del sistema anterior",),
}
JUSTIFICATIONS = ("El cliente no tiene acceso a Internet en este momento",
                  "Caída del servicio de Internet del cliente, reportada por teléfono",
                  "El USR está en sede sin conexión; se verificará con el proveedor")
